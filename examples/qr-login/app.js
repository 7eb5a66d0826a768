// QR-code login: show the code, follow its status as the phone scans and confirms, then the user.
import { AuthingClient } from '/pkg/index.js';
import { qrToSvg } from '/pkg/qr.js';
import config from './config.js';

const $ = (id) => document.getElementById(id);
const authing = await AuthingClient.create({ ...config, redirectUri: location.origin + location.pathname });

const MESSAGES = {
  PENDING: 'Scan the code with the Authing app.',
  AUTHORIZED: 'Confirmed. Signing you in…',
};

async function showUser() {
  $('login').hidden = true;
  $('signed-in').hidden = false;
  const me = await authing.getUserInfo();
  $('greeting').textContent = `Signed in as ${me.name ?? me.sub}.`;
  $('userinfo').textContent = JSON.stringify(me, null, 2);
}

async function start() {
  $('new-code').hidden = true;
  const qr = await authing.startQrLogin({
    type: 'MOBILE_APP',
    onStatus: ({ status, briefUserInfo }) => {
      $('status').textContent = status === 'SCANNED'
        ? `Scanned by ${briefUserInfo?.displayName ?? briefUserInfo?.nickname ?? 'someone'} — confirm on your phone.`
        : MESSAGES[status] ?? status;
    },
  });
  $('qr').innerHTML = qrToSvg(qr.url, { label: 'QR code to sign in' });
  $('phone').href = qr.url;
  $('status').textContent = MESSAGES.PENDING;
  try {
    await qr.result;
    await showUser();
  } catch (e) {
    $('status').textContent = e.code === 'qr_expired' ? 'The code expired.'
      : e.code === 'qr_cancelled' ? 'You cancelled on the phone.' : `${e.code}: ${e.message}`;
    $('new-code').hidden = false;
  }
}

$('new-code').onclick = start;
$('logout').onclick = async () => {
  await authing.logout();
  location.reload();
};
if (await authing.getLoginState()) await showUser();
else await start();
