import { register } from 'node:module';
register('./resolve-sdk.mjs', import.meta.url);
