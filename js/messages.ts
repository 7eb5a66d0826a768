// The English words of the engines' errors, one line per message of src/core/error.rs's `Message`
// ("Name: words", `{}` for each detail). Loaded on the first error, so that no page downloads them
// before one happens (js/worded.ts).
import lines from '../src/core/messages.txt';

export const MESSAGES: string[] = lines.split('\n').map((line) => line.slice(line.indexOf(': ') + 2));
