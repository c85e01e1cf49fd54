// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.daemon.PontoonDaemon;

/**
 * ICMP reachability from a sandbox or a lab host. A positive answer gets three tries of one
 * second (the first echo may wait for ARP); a negative one is a single echo unanswered for half
 * a second: a dropped packet never comes back, so waiting longer proves nothing more, and tests
 * pair every negative with a positive from the same sandbox.
 */
final class Ping
{
    private Ping()
    {
    }

    /** Whether {@code ping -c1 -W1 IP} from the sandbox succeeds within three tries. */
    static boolean reaches(final PontoonDaemon d, final SandboxView from, final String ip)
    {
        for (int i = 0; i < 3; i++)
        {
            if (d.nsExec(from, "ping", "-c1", "-W1", ip).ok())
            {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code ping -c1 -W0.5 IP} from the sandbox goes unanswered. */
    static boolean blocked(final PontoonDaemon d, final SandboxView from, final String ip)
    {
        return !d.nsExec(from, "ping", "-c1", "-W0.5", ip).ok();
    }

    /** Whether {@code ping -c1 -W0.5 IP} from a lab host goes unanswered. */
    static boolean blocked(final Lab.Host from, final String ip)
    {
        return !from.exec("ping", "-c1", "-W0.5", ip).ok();
    }
}
