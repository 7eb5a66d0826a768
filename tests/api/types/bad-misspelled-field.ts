// A misspelled body field: `nicknam` is not a property of the input (excess property check).
import type { AuthenticationApi } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export const result = api.updateProfile({ nicknam: 'bob' });
