// The page's visibility (QR and push logins do not poll while it is hidden).
import type { Report } from './effects.js';

export const isHidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';

export function watchVisibility(report: Report): void {
  document.addEventListener('visibilitychange', () => report.visibility(isHidden()));
}
