// Inputs for every operation of the Authentication API, built from spec/authentication-openapi.json:
//
//   validInput(name)     an input that the spec accepts: the required path and query parameters and
//                        the required body properties (nested objects with their own required
//                        properties), from the spec's `example` when it is valid against its schema,
//                        else generated from the schema (type, format, enum, length, arrays of one item)
//   invalidInputs(name)  for a sample of operations (INVALID_SAMPLE): inputs the spec must refuse,
//                        each `{ kind, field, input }` (wrong enum value, missing required field, wrong type)
//   exampleProblems()    the spec examples that are not valid against their own schema (and were not used)
//   describeOperation(name)  the spec's view of one operation (method, path, parameters, body schema)
//
// The input has the shape `authing.api.<name>(input)` takes: path, query and body fields side by side.
// Plain JS, no dependencies: the same inputs drive Prism from Node and the SDK in Chromium.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SPEC_FILE = fileURLToPath(new URL('../../spec/authentication-openapi.json', import.meta.url));
const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
const schemas = spec.components?.schemas ?? {};

/** `SignInV3Controller_signInByCredentials` → `signInByCredentials` (API.md's naming rule). */
export function operationName(operationId) {
  const bare = operationId.slice(operationId.indexOf('_') + 1);
  return bare[0].toLowerCase() + bare.slice(1);
}

const OPERATIONS = new Map();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!op?.operationId) continue;
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
    const [bodyType] = Object.keys(op.requestBody?.content ?? {});
    OPERATIONS.set(operationName(op.operationId), {
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      parameters,
      bodyType,
      bodySchema: bodyType ? op.requestBody.content[bodyType].schema : undefined,
      bodyRequired: Boolean(op.requestBody?.required),
    });
  }
}

/** Operation names in the spec's order. */
export const operationNames = () => [...OPERATIONS.keys()];

export function describeOperation(name) {
  const op = OPERATIONS.get(name);
  if (!op) throw new Error(`no operation ${name} in the spec`);
  return op;
}

// ---- schemas ----

function deref(schema) {
  let s = schema;
  for (let i = 0; s?.$ref && i < 32; i++) s = schemas[s.$ref.replace('#/components/schemas/', '')];
  return s ?? {};
}

/** $ref resolved and allOf merged into one schema (properties, required, the rest from the outside). */
function flatten(schema) {
  const s = deref(schema);
  if (!s.allOf) return s;
  const merged = { ...s, allOf: undefined, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
  delete merged.allOf;
  for (const part of s.allOf) {
    const p = flatten(part);
    for (const [k, v] of Object.entries(p)) {
      if (k === 'properties') Object.assign(merged.properties, v);
      else if (k === 'required') merged.required.push(...v);
      else if (!(k in merged) || k === 'type') merged[k] = v;
    }
  }
  if (!Object.keys(merged.properties).length) delete merged.properties;
  if (!merged.required.length) delete merged.required;
  return merged;
}

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
// The formats Prism (ajv-formats) checks in this spec: date-time; email and uri for safety.
const FORMATS = {
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  uri: (v) => /^[a-z][a-z0-9+.-]*:/i.test(v),
};

/** Why `value` is not valid against `schema`, or undefined when it is. */
export function whyInvalid(schema, value, at = '') {
  const s = flatten(schema);
  if (value === null) return s.nullable ? undefined : `${at || 'value'} is null`;
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${at || 'value'} ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`;
  }
  const t = typeOf(value);
  switch (s.type) {
    case 'string':
      if (t !== 'string') return `${at || 'value'} should be a string, is ${t}`;
      if (s.format && FORMATS[s.format] && !FORMATS[s.format](value)) return `${at || 'value'} ${JSON.stringify(value)} is not a ${s.format}`;
      if (s.minLength !== undefined && value.length < s.minLength) return `${at || 'value'} is shorter than ${s.minLength}`;
      if (s.maxLength !== undefined && value.length > s.maxLength) return `${at || 'value'} is longer than ${s.maxLength}`;
      return undefined;
    case 'number': case 'integer':
      if (t !== 'number') return `${at || 'value'} should be a number, is ${t}`;
      if (s.type === 'integer' && !Number.isInteger(value)) return `${at || 'value'} should be an integer`;
      if (s.minimum !== undefined && value < s.minimum) return `${at || 'value'} is below ${s.minimum}`;
      if (s.maximum !== undefined && value > s.maximum) return `${at || 'value'} is above ${s.maximum}`;
      return undefined;
    case 'boolean':
      return t === 'boolean' ? undefined : `${at || 'value'} should be a boolean, is ${t}`;
    case 'array':
      if (t !== 'array') return `${at || 'value'} should be an array, is ${t}`;
      if (s.minItems !== undefined && value.length < s.minItems) return `${at || 'value'} has fewer than ${s.minItems} items`;
      for (let i = 0; i < value.length; i++) {
        const why = s.items && whyInvalid(s.items, value[i], `${at}[${i}]`);
        if (why) return why;
      }
      return undefined;
    default:
      if (s.type === 'object' || s.properties) {
        if (t !== 'object') return `${at || 'value'} should be an object, is ${t}`;
        for (const r of s.required ?? []) if (!(r in value)) return `${at || 'value'} lacks the required ${r}`;
        for (const [k, v] of Object.entries(value)) {
          const why = s.properties?.[k] && whyInvalid(s.properties[k], v, at ? `${at}.${k}` : k);
          if (why) return why;
        }
      }
      return undefined;
  }
}

const problems = new Map(); // "where" → { where, example, reason }

/** The spec examples found invalid against their own schema while building inputs. */
export const exampleProblems = () => [...problems.values()];

/** The `example` of a schema (or of the property/parameter that carries it) when it is valid. */
function usableExample(schema, where, example = schema?.example) {
  if (example === undefined) return undefined;
  const why = whyInvalid(schema, example);
  if (!why) return structuredClone(example);
  problems.set(where, { where, example, reason: why });
  return undefined;
}

const pad = (text, s) => {
  let out = text;
  while (out.length < (s.minLength ?? 0)) out += 'x';
  return s.maxLength !== undefined ? out.slice(0, Math.max(s.maxLength, s.minLength ?? 0)) : out;
};

/** A value valid against `schema`: its example when valid, else generated. */
export function generate(schema, where = 'value', depth = 0) {
  const raw = schema ?? {};
  // An example beside a $ref/allOf (the spec's way of describing a property) counts for the property.
  const fromExample = usableExample(raw, where, raw.example ?? deref(raw).example);
  if (fromExample !== undefined) return fromExample;
  const s = flatten(raw);
  if (s.enum) return structuredClone(s.enum[0]);
  if (s.default !== undefined && !whyInvalid(s, s.default)) return structuredClone(s.default);
  switch (s.type) {
    case 'string':
      switch (s.format) {
        case 'date-time': return '2024-01-01T00:00:00.000Z';
        case 'date': return '2024-01-01';
        case 'email': return 'test@example.com';
        case 'uri': case 'url': return 'https://example.com/';
        default: return pad('test', s);
      }
    case 'integer': return Math.max(1, s.minimum ?? 1);
    case 'number': return s.minimum ?? 1;
    case 'boolean': return true;
    case 'array': {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, (_, i) => generate(s.items, `${where}[${i}]`, depth + 1));
    }
    default:
      if (s.type === 'object' || s.properties) return objectOf(s, where, depth);
      return 'test'; // no type: anything goes
  }
}

/** An object with the schema's required properties (and, below the top, nothing else). */
function objectOf(schema, where, depth) {
  const s = flatten(schema);
  const out = {};
  if (depth > 8) return out;
  for (const name of s.required ?? []) {
    out[name] = generate(s.properties?.[name] ?? {}, `${where}.${name}`, depth + 1);
  }
  return out;
}

// ---- inputs ----

/** Node 20 and browsers both have Blob: the multipart part of /api/v2/upload. */
const uploadFile = () => new Blob(['hello from the contract test\n'], { type: 'text/plain' });

/** A valid input for `name`: required parameters and body properties. */
export function validInput(name) {
  const op = describeOperation(name);
  const input = {};
  for (const p of op.parameters) {
    if (!(p.required || p.in === 'path')) continue;
    const where = `${name}: ${p.in} parameter ${p.name}`;
    const example = p.example !== undefined ? usableExample(p.schema, where, p.example) : undefined;
    let value = example !== undefined ? example : generate(p.schema, where);
    if (value === '') {
      // `?qrcodeId=` is a missing parameter to Prism (and to most servers): not a usable example.
      problems.set(where, { where, example: '', reason: 'an empty string for a required parameter reads as missing' });
      value = generate({ ...p.schema, example: undefined, default: undefined }, where);
    }
    input[p.name] = value;
  }
  if (op.bodySchema) Object.assign(input, objectOf(op.bodySchema, `${name}: body`, 0));
  if (op.path === '/api/v2/upload') input.file = uploadFile();
  return input;
}

/**
 * The operations invalidInputs() covers: sign-in, sign-up, QR, MFA, messages, profile, permissions,
 * passkeys; every one has a required body property or query parameter to break.
 */
export const INVALID_SAMPLE = [
  'signInByCredentials', 'signUp', 'geneQRCode', 'getFactor', 'sendSms', 'updatePassword',
  'checkPermissionByStringResource', 'verifyAuthentication',
];

const WRONG_TYPE = { string: 12345, number: 'not-a-number', integer: 'not-a-number', boolean: 'not-a-boolean', array: 'not-an-array', object: 'not-an-object' };

/** Inputs `name` must refuse: `[{ kind, field, input }]`, each with one fault. */
export function invalidInputs(name) {
  const op = describeOperation(name);
  const valid = validInput(name);
  const out = [];
  const body = op.bodySchema ? flatten(op.bodySchema) : undefined;
  const bodyRequired = body?.required ?? [];
  // Wrong enum value: a required body property (or parameter) with an enum.
  const enumField = bodyRequired.find((f) => flatten(body.properties[f]).enum)
    ?? op.parameters.find((p) => p.required && flatten(p.schema).enum)?.name;
  if (enumField) out.push({ kind: 'wrong enum value', field: enumField, input: { ...valid, [enumField]: 'NOT_AN_ALLOWED_VALUE' } });
  // Missing required field: a body property, else a required query parameter.
  const missing = bodyRequired[0] ?? op.parameters.find((p) => p.required && p.in === 'query')?.name;
  if (missing) {
    const input = { ...valid };
    delete input[missing];
    out.push({ kind: 'missing required field', field: missing, input });
  }
  // Wrong type: a required body property given a value of another JSON type.
  const typed = bodyRequired.find((f) => WRONG_TYPE[flatten(body.properties[f]).type] !== undefined && !flatten(body.properties[f]).enum);
  if (typed) out.push({ kind: 'wrong type', field: typed, input: { ...valid, [typed]: WRONG_TYPE[flatten(body.properties[typed]).type] } });
  return out;
}
