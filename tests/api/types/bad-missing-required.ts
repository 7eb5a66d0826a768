// A required body field left out: sendSms needs `channel`.
import type { AuthenticationApi } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export const result = api.sendSms({ phoneNumber: '188xxxx8888' });
