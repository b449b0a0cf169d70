// Lets `node` run this library's TypeScript sources directly (Node 24 strips the types itself):
// the sources import each other with `.js` suffixes, as compiled ESM needs, so map those to `.ts`.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      try {
        return nextResolve(specifier.slice(0, -3) + '.ts', context);
      } catch {
        // not a TypeScript source: fall through to the specifier as written
      }
    }
    return nextResolve(specifier, context);
  },
});
