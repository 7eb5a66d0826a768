// Ten operations used correctly through an `AuthenticationApi` value: must compile with --strict.
import type { AuthenticationApi, LoginTokenResponseDataDto, UserDto } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export async function tenOperations(file: Blob): Promise<string[]> {
  const out: string[] = [];

  // 1. sign-in by password: a token set
  const tokens: LoginTokenResponseDataDto = await api.signInByCredentials({
    connection: 'PASSWORD',
    passwordPayload: { password: 'Passw0rd!', email: 'test@example.com' },
    options: { scope: 'openid profile email offline_access', passwordEncryptType: 'none' },
  });
  out.push(tokens.token_type, String(tokens.expire_in), tokens.access_token ?? '');

  // 2. profile, every query parameter optional: the input may be left out
  const me: UserDto = await api.getProfile();
  const again = await api.getProfile({ withCustomData: true, withIdentities: false });
  out.push(me.userId, again.status, again.email ?? '');

  // 3. update-profile: enum field
  const updated = await api.updateProfile({ nickname: 'bob', gender: 'M', customData: { school: 'PKU' } });
  out.push(updated.userId);

  // 4. QR code: generate, then poll (required query parameter)
  const qr = await api.geneQRCode({ type: 'MOBILE_APP', autoMergeQrCode: false });
  const status = await api.checkQRCodeStatus({ qrcodeId: qr.qrcodeId });
  if (status.status === 'AUTHORIZED') out.push(status.tokenSet?.access_token ?? status.ticket ?? '');

  // 5. an envelope without data resolves nothing
  const nothing: void = await api.sendSms({ phoneNumber: '188xxxx8888', channel: 'CHANNEL_LOGIN', phoneCountryCode: '+86' });
  void nothing;

  // 6. an operation without parameters; the result is an array
  const factors = await api.listEnrolledFactors();
  for (const f of factors) out.push(f.factorId, f.factorType);

  // 7. required query parameter
  const factor = await api.getFactor({ factorId: factors[0]?.factorId ?? 'f1' });
  out.push(factor.factorType);

  // 8. path parameter next to body fields
  const removed = await api.removeCredential({ credentialID: 'cred-1' });
  out.push(String(removed.success));

  // 9. multipart upload: the file part
  const uploaded = await api.upload({ file, folder: 'photos', isPrivate: false });
  out.push(uploaded.url, uploaded.key);

  // 10. optional numeric and boolean query parameters
  const history = await api.getLoginHistory({ page: 1, limit: 10, success: true });
  out.push(String(history.totalCount));

  return out;
}
