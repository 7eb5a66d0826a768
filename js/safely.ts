// An app's handler (an event listener, a QR status callback) is called so that its exception breaks
// neither the SDK nor the other handlers: it is rethrown on its own task, where the console shows it.
export function safely(handler: (detail: unknown) => void, detail: unknown): void {
  try {
    handler(detail);
  } catch (e) {
    setTimeout(() => { throw e; });
  }
}
