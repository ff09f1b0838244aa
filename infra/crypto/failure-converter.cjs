/* global require, exports */
'use strict';
// The failure converter of every worker (bundled into the workflow code and loaded by the worker's
// main thread) and client: failure messages and stack traces travel as an encoded payload, so the
// payload codec encrypts them like any other payload (a failure message can quote a prompt or an
// email address). Plain CommonJS because the SDK require()s it by path, from source and dist alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose (see above)
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
