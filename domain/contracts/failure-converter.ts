import { DefaultFailureConverter } from '@temporalio/common';

/**
 * The failure converter of every worker (bundled into the workflow code) and client: failure messages
 * and stack traces travel as an encoded payload, so the payload codec encrypts them like any other
 * payload (a failure message can quote a prompt or an email address).
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
