// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.IOException;

/**
 * How the plugin logic reaches the daemon's {@code /v1/cni/*} routes. The executable uses HTTP over
 * the config's socket; the daemon's {@code /v1/cni/exec} (the {@code pontoon-cni-fast} front end)
 * passes a transport that calls its own router in-process.
 */
@FunctionalInterface
public interface CniTransport
{
    /** Status code and body text of one answer. */
    record Reply(int status, String body)
    {
    }

    /**
     * One request; {@code body} is JSON or null.
     *
     * @throws IOException when the daemon cannot be reached or does not answer
     */
    Reply exchange(String method, String target, String body) throws IOException;
}
