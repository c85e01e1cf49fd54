// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Coexistence with a Docker engine on the same host. dockerd sets the iptables FORWARD policy
 * to DROP and loads br_netfilter, so frames between containers on one of Pontoon's bridges and
 * routed traffic into and out of them would be dropped by Docker's chain, whatever Pontoon's
 * own table says (a drop in any base chain wins). Docker leaves one chain to its users,
 * {@code DOCKER-USER}, evaluated first in FORWARD: Pontoon puts one ACCEPT per direction for
 * each of its bridges there, so Docker's verdict stands aside and Pontoon's own rules (isolation,
 * internal networks) decide. Nothing is done when there is no {@code DOCKER-USER} chain.
 * {@code iptables} runs in the driver's host namespace ({@code nsenter --net=PATH} when that is
 * not the JVM's own), never in another one.
 */
final class DockerForwardRules
{
    private static final System.Logger LOG = System.getLogger("pontoon.bridge");
    private static final String CHAIN = "DOCKER-USER";

    private static final Path OWN_NS = Path.of("/proc/self/ns/net");

    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final List<String> prefix;

    /** For the bridges of {@code hostNs}. */
    DockerForwardRules(final NetNs hostNs)
    {
        this.prefix = hostNs == null || OWN_NS.equals(hostNs.path()) ? List.of()
            : List.of("nsenter", "--net=" + hostNs.path(), "--");
    }

    /** Makes sure Docker's FORWARD chain lets {@code bridge}'s traffic through; cheap once done. */
    void ensure(final String bridge)
    {
        if (ensured.contains(bridge) || !chainExists())
        {
            return;
        }
        for (final String dir : new String[] {"-i", "-o"})
        {
            if (run("-C", CHAIN, dir, bridge, "-j", "ACCEPT") != 0 && run("-I", CHAIN, dir, bridge, "-j", "ACCEPT") != 0)
            {
                LOG.log(System.Logger.Level.WARNING, "could not allow " + bridge + " in iptables " + CHAIN);
                return;
            }
        }
        ensured.add(bridge);
    }

    /** Removes the bridge's rules (all copies); missing ones are fine. */
    void remove(final String bridge)
    {
        ensured.remove(bridge);
        if (!chainExists())
        {
            return;
        }
        for (final String dir : new String[] {"-i", "-o"})
        {
            for (int i = 0; i < 8 && run("-D", CHAIN, dir, bridge, "-j", "ACCEPT") == 0; i++)
            {
                // delete every copy
            }
        }
    }

    private boolean chainExists()
    {
        return run("-S", CHAIN) == 0;
    }

    private int run(final String... args)
    {
        final List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("iptables", "-w", "5", "-t", "filter"));
        cmd.addAll(List.of(args));
        try
        {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        }
        catch (final IOException e)
        {
            return -1; // no iptables at all: nothing of Docker's to coexist with
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
