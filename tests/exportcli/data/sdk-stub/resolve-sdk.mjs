// Node module hook for tst_exportcli: every '@aws-sdk/*' import resolves to aws-sdk-stub.mjs.
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/')) {
    return { url: new URL('./aws-sdk-stub.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
