/* global module */
// Webpack loader for tests: swaps one exact piece of a workflow module's source before it is compiled,
// so a test can bundle "the current workflows with one deliberate change" (see altered-bundle.ts).
module.exports = function replaceLoader(source) {
  const { from, to } = this.getOptions();
  if (!source.includes(from))
    throw new Error(`replace-loader: ${this.resourcePath} does not contain ${JSON.stringify(from)}`);
  return source.replace(from, to);
};
