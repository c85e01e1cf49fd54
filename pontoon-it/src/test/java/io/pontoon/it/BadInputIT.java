// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input through the CLI: it must print exactly the expected error (one
 * {@code Error:} line; a usage error ends it with the {@code (see 'pontoon ... --help')} hint), exit 1
 * (daemon refused) or 2 (usage), and leave the host exactly as it was: links, addresses,
 * routes, the whole nft ruleset, namespace files, {@code network ls} and {@code ps}, compared
 * after every single case (which also proves the daemon is still up).
 */
@Privileged
@LabHosts(count = 1)
class BadInputIT
{
    private static PontoonDaemon d;

    /** One bad command: what it must print on stderr, its exit code, and its stdout (usually nothing). */
    record Case(String stderr, int exit, String stdout, List<String> args)
    {
        static Case refused(final String stderr, final String... args)
        {
            return new Case(stderr, 1, "", List.of(args));
        }

        static Case usage(final String stderr, final String... args)
        {
            return new Case(stderr, 2, "", List.of(args));
        }
    }

    @BeforeAll
    static void up(final Lab lab)
    {
        d = PontoonDaemon.start(lab.host("h1"));
        d.cliOk("network", "create", "--subnet", "10.200.50.0/24", "good");
        d.cliOk("network", "create", "--subnet", "10.200.51.0/24", "-o", "com.docker.network.bridge.name=ptgood1", "other");
        d.cliOk("run", "-d", "--name", "taken", "--network", "good", "--ip", "10.200.50.5", "-p", "8080:80", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "idle", "--network", "good");
    }

    @AfterAll
    static void down()
    {
        if (d != null)
        {
            d.close();
        }
    }

    @Test
    void badNetworkInputIsRefusedWithOneClearLineAndLeavesNothing()
    {
        check(List.of(
            Case.refused("Error: invalid subnet '10.0.0.0/33': prefix length 33 is out of range 0-32 in '10.0.0.0/33'",
                "network", "create", "--subnet", "10.0.0.0/33", "bad"),
            Case.refused("Error: invalid subnet '10.200.60.1/24': '10.200.60.1/24' has host bits set; did you mean 10.200.60.0/24?",
                "network", "create", "--subnet", "10.200.60.1/24", "bad"),
            Case.refused("Error: invalid subnet 'nonsense': 'nonsense' is not an IP address",
                "network", "create", "--subnet", "nonsense", "bad"),
            Case.refused("Error: subnet 10.200.50.0/25 overlaps network 'good' (10.200.50.0/24)",
                "network", "create", "--subnet", "10.200.50.0/25", "bad"),
            Case.refused("Error: subnet 10.0.0.0/8 overlaps network 'good' (10.200.50.0/24)",
                "network", "create", "--subnet", "10.0.0.0/8", "bad"),
            Case.refused("Error: subnet 172.17.5.0/24 overlaps network 'bridge' (172.17.0.0/16)",
                "network", "create", "--subnet", "172.17.5.0/24", "bad"),
            Case.refused("Error: network with name good already exists",
                "network", "create", "--subnet", "10.200.60.0/24", "good"),
            Case.refused("Error: network with name bridge already exists",
                "network", "create", "--subnet", "10.200.60.0/24", "bridge"),
            Case.refused("Error: network name host is reserved for the predefined host network",
                "network", "create", "--subnet", "10.200.60.0/24", "host"),
            Case.refused("Error: invalid network name 'bad name': a name must start with a letter or digit and contain only letters, "
                + "digits, '_', '.' and '-'",
                "network", "create", "--subnet", "10.200.60.0/24", "bad name"),
            Case.refused("Error: gateway 10.200.61.1 is not inside subnet 10.200.60.0/24",
                "network", "create", "--subnet", "10.200.60.0/24", "--gateway", "10.200.61.1", "bad"),
            Case.refused("Error: ip-range 10.200.61.0/25 is not inside subnet 10.200.60.0/24",
                "network", "create", "--subnet", "10.200.60.0/24", "--ip-range", "10.200.61.0/25", "bad"),
            Case.refused("Error: unknown option 'foo' for driver bridge (known options: com.docker.network.bridge.enable_icc, "
                + "com.docker.network.bridge.enable_ip_masquerade, com.docker.network.bridge.name, com.docker.network.driver.mtu)",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "foo=bar", "bad"),
            Case.refused("Error: option com.docker.network.driver.mtu must be a number from 68 to 65535, not 'abc'",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "com.docker.network.driver.mtu=abc", "bad"),
            Case.refused("Error: option com.docker.network.bridge.enable_icc must be true or false, not 'maybe'",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "com.docker.network.bridge.enable_icc=maybe", "bad"),
            Case.usage("Error: invalid option 'mtu': expected KEY=VALUE (see 'pontoon network create --help')",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "mtu", "bad"),
            Case.refused("Error: unknown network driver 'overlay2' (available: bridge)",
                "network", "create", "-d", "overlay2", "bad"),
            Case.refused("Error: cannot use eth0 as the network's bridge: a veth link with that name exists",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "com.docker.network.bridge.name=eth0", "bad"),
            Case.refused("Error: bridge name ptgood1 is already used by network other",
                "network", "create", "--subnet", "10.200.60.0/24", "-o", "com.docker.network.bridge.name=ptgood1", "bad"),
            Case.refused("Error: network good has active endpoints (sandboxes: taken, idle)", "network", "rm", "good"),
            Case.refused("Error: bridge is a pre-defined network and cannot be removed", "network", "rm", "bridge"),
            Case.refused("Error: network 'nope' not found", "network", "rm", "nope"),
            new Case("Error: network 'nope' not found", 1, "[]", List.of("network", "inspect", "nope")),
            Case.refused("Error: network 'nope' not found", "network", "connect", "nope", "idle"),
            Case.refused("Error: sandbox 'nope' not found", "network", "connect", "good", "nope"),
            Case.refused("Error: sandbox idle is already connected to network good", "network", "connect", "good", "idle"),
            Case.refused("Error: address 10.9.9.9 is not inside subnet 10.200.51.0/24",
                "network", "connect", "--ip", "10.9.9.9", "other", "idle"),
            Case.refused("Error: cannot connect to the host network: use it as a mode when creating a sandbox",
                "network", "connect", "host", "idle"),
            Case.refused("Error: sandbox idle is not connected to network other", "network", "disconnect", "other", "idle"),
            Case.refused("Error: sandbox 'nope' not found", "network", "disconnect", "good", "nope")));
    }

    @Test
    void badSandboxInputIsRefusedWithOneClearLineAndLeavesNothing()
    {
        check(List.of(
            Case.refused("Error: network 'nope' not found", "run", "-d", "--network", "nope", "sleep", "3600"),
            Case.refused("Error: sandbox 'nope' not found", "run", "-d", "--network", "container:nope", "sleep", "3600"),
            Case.refused("Error: sandbox with name taken already exists", "run", "-d", "--name", "taken", "sleep", "3600"),
            Case.refused("Error: invalid sandbox name 'bad/name': a name must start with a letter or digit and contain only letters, "
                + "digits, '_', '.' and '-'",
                "run", "-d", "--name", "bad/name", "sleep", "3600"),
            Case.refused("Error: address 10.9.9.9 is not inside subnet 10.200.50.0/24",
                "run", "-d", "--network", "good", "--ip", "10.9.9.9", "sleep", "3600"),
            Case.refused("Error: address 10.200.50.5 is already in use in network 'good'",
                "run", "-d", "--network", "good", "--ip", "10.200.50.5", "sleep", "3600"),
            Case.refused("Error: address 10.200.50.1 is already in use in network 'good'",
                "run", "-d", "--network", "good", "--ip", "10.200.50.1", "sleep", "3600"),
            Case.refused("Error: address 10.200.50.0 is the network address of subnet 10.200.50.0/24",
                "run", "-d", "--network", "good", "--ip", "10.200.50.0", "sleep", "3600"),
            Case.refused("Error: address 10.200.50.255 is the broadcast address of subnet 10.200.50.0/24",
                "run", "-d", "--network", "good", "--ip", "10.200.50.255", "sleep", "3600"),
            Case.refused("Error: invalid ip 'abc': not an IP address", "run", "-d", "--network", "good", "--ip", "abc", "sleep", "3600"),
            Case.refused("Error: --ip needs a network with addresses, not mode host",
                "run", "-d", "--network", "host", "--ip", "10.200.50.9", "sleep", "3600"),
            Case.refused("Error: ports cannot be published in mode none: the sandbox has no address of its own",
                "run", "-d", "--network", "none", "-p", "8081:80", "sleep", "3600"),
            Case.usage("Error: invalid publish spec '80:': container port missing (see 'pontoon run --help')",
                "run", "-d", "--network", "good", "-p", "80:", "sleep", "3600"),
            Case.usage("Error: invalid publish spec '70000:80': port 70000 is out of range 1-65535 (see 'pontoon run --help')",
                "run", "-d", "--network", "good", "-p", "70000:80", "sleep", "3600"),
            Case.usage("Error: invalid publish spec '8000-8001:80-82': host range 8000-8001 (2 ports) and container range 80-82 "
                + "(3 ports) must have equal length (see 'pontoon run --help')",
                "run", "-d", "--network", "good", "-p", "8000-8001:80-82", "sleep", "3600"),
            Case.refused("Error: host port 0.0.0.0:8080/tcp is already published by sandbox taken",
                "run", "-d", "--network", "good", "-p", "8080-8080:80", "sleep", "3600"),
            Case.refused("Error: host port 0.0.0.0:8080/tcp is already published by sandbox taken",
                "run", "-d", "--network", "good", "-p", "8080:80", "sleep", "3600"),
            Case.refused("Error: cannot publish [::1]:8081/tcp: IPv6 host addresses are not supported yet",
                "run", "-d", "--network", "good", "-p", "[::1]:8081:80", "sleep", "3600"),
            Case.refused("Error: cannot run 'nosuchcmd': executable file not found in "
                + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "run", "-d", "--network", "good", "nosuchcmd"),
            Case.refused("Error: sandbox 'nope' not found", "exec", "nope", "--", "true"),
            Case.refused("Error: sandbox 'nope' not found", "inspect", "nope"),
            Case.refused("Error: sandbox 'nope' not found", "rm", "nope"),
            Case.refused("Error: sandbox taken is running; stop it or use force", "rm", "taken"),
            Case.usage("Error: unknown command \"pull\" for \"pontoon\" (see 'pontoon --help')", "pull"),
            Case.usage("Error: unknown flag: --bogus (see 'pontoon run --help')", "run", "--bogus", "sleep", "1")));
    }

    @Test
    void malformedRequestsToTheApiAreRefusedAndTheDaemonStaysUp()
    {
        final HostState before = HostState.of(d);
        assertEquals("400 {\"message\":\"field 'Publish': invalid publish spec '80:x': 'x' is not a port number\"}",
            post("/v1/sandboxes", "{\"Network\":\"good\",\"Publish\":[\"80:x\"]}"));
        assertTrue(post("/v1/networks", "{\"Name\": ").startsWith("400 {\"message\":"), "truncated JSON");
        assertTrue(post("/v1/networks", "[]").startsWith("400 {\"message\":"), "not an object");
        assertEquals("400 {\"message\":\"field 'Internal' must be true or false\"}",
            post("/v1/networks", "{\"Name\":\"x\",\"Internal\":\"yes\"}"));
        assertEquals("", before.diff(HostState.of(d)), "a malformed request left something behind");
    }

    private static String post(final String path, final String body)
    {
        final ExecResult r = d.host().exec("curl", "-s", "--unix-socket", d.socket().toString(), "-X", "POST",
            "-H", "Content-Type: application/json", "-d", body, "-w", "\n%{http_code}", "http://localhost" + path);
        final String[] lines = r.stdout().strip().split("\n");
        return lines[lines.length - 1] + " " + String.join("\n", List.of(lines).subList(0, lines.length - 1)).strip();
    }

    /** Runs every case, compares the host after each, and reports every mismatch at once. */
    private static void check(final List<Case> cases)
    {
        HostState before = HostState.of(d);
        final StringBuilder failures = new StringBuilder();
        for (final Case c : cases)
        {
            final ExecResult r = d.cli(c.args().toArray(String[]::new));
            final String cmd = "pontoon " + String.join(" ", c.args());
            if (r.exitCode() != c.exit() || !r.stderr().strip().equals(c.stderr()) || !r.stdout().strip().equals(c.stdout()))
            {
                failures.append(cmd).append("\n  expected exit ").append(c.exit()).append(": ").append(c.stderr())
                    .append("\n  got      exit ").append(r.exitCode()).append(": ").append(r.stderr().strip())
                    .append(r.stdout().isEmpty() ? "" : "\n  stdout: " + r.stdout().strip()).append('\n');
            }
            final HostState after = HostState.of(d);
            final String diff = before.diff(after);
            if (!diff.isEmpty())
            {
                failures.append(cmd).append("\n  changed the host:\n").append(diff);
                before = after;
            }
        }
        assertEquals("", failures.toString());
    }
}
