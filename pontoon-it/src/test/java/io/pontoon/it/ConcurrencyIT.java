// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 {@code pontoon run -d} started at the same instant on one network (100 CLI processes in
 * parallel): every one succeeds, the addresses are distinct, the kernel matches the daemon, and
 * every sandbox reaches the gateway and its neighbours; then 100 parallel {@code rm -f} leave
 * nothing behind. The wall-clock times go to stderr (they are reported, not asserted).
 */
@Privileged
@LabHosts(count = 1)
class ConcurrencyIT
{
    private static final int N = 100;

    @Test
    void aHundredConcurrentRunsGetDistinctAddressesAndWorkingNetworking(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.100.0/24", "conc");
            final HostState empty = HostState.of(d);
            final String cli = "env PONTOON_HOST=" + d.hostUri() + " " + d.launcher();
            final long t0 = System.nanoTime();
            final ExecResult runs = h1.exec(Duration.ofMinutes(5), "sh", "-c",
                "for i in $(seq 1 " + N + "); do (out=$(" + cli + " run -d --name c$i --network conc sleep 3600 2>&1) "
                    + "|| echo \"FAIL c$i: $out\"; echo \"ID $out\") & done; wait");
            final long runMs = (System.nanoTime() - t0) / 1_000_000;
            System.err.printf("ConcurrencyIT: %d parallel 'pontoon run -d' took %d ms%n", N, runMs);
            assertTrue(runs.ok() && !runs.stdout().contains("FAIL"), runs.describe());
            final Set<String> ids = runs.stdout().lines().filter(l -> l.startsWith("ID ")).map(l -> l.substring(3))
                .collect(Collectors.toSet());
            assertEquals(N, ids.size(), "distinct ids printed: " + runs.stdout());
            assertTrue(ids.stream().allMatch(i -> i.matches("[0-9a-f]{64}")), runs.stdout());

            final List<SandboxView> all = d.sandboxes();
            assertEquals(N, all.size());
            final Set<String> ips = new HashSet<>();
            for (final SandboxView s : all)
            {
                assertEquals("running", s.state(), s.name());
                assertEquals(1, s.endpoints().size(), s.name());
                final String ip = s.endpoints().get(0).ipAddress();
                assertTrue(ip.matches("10\\.200\\.100\\.\\d+/24") && !ip.equals("10.200.100.1/24"), ip);
                assertTrue(ips.add(ip), "address " + ip + " handed out twice");
            }
            assertEquals(List.of(), Consistency.problems(d));

            final String paths = all.stream().map(SandboxView::netnsPath).collect(Collectors.joining(" "));
            final long t1 = System.nanoTime();
            final ExecResult pings = h1.exec(Duration.ofMinutes(2), "sh", "-c",
                "for p in " + paths + "; do (for t in 1 2 3; do nsenter --net=$p ping -c1 -W1 10.200.100.1 >/dev/null && exit 0; "
                    + "done; echo \"FAIL $p\") & done; wait");
            System.err.printf("ConcurrencyIT: %d sandboxes pinged the gateway in %d ms%n", N, (System.nanoTime() - t1) / 1_000_000);
            assertEquals("", pings.stdout().strip(), "sandboxes that cannot reach the gateway");
            final SandboxView first = all.get(0);
            final SandboxView last = all.get(N - 1);
            final String lastIp = last.endpoints().get(0).ipAddress();
            assertTrue(Ping.reaches(d, first, lastIp.substring(0, lastIp.indexOf('/'))), first.name() + " -> " + last.name());

            final long t2 = System.nanoTime();
            final ExecResult rms = h1.exec(Duration.ofMinutes(5), "sh", "-c",
                "for i in $(seq 1 " + N + "); do (" + cli + " rm -f c$i >/dev/null 2>&1 || echo \"FAIL c$i\") & done; wait");
            System.err.printf("ConcurrencyIT: %d parallel 'pontoon rm -f' took %d ms%n", N, (System.nanoTime() - t2) / 1_000_000);
            assertEquals("", rms.stdout().strip(), rms.describe());
            assertEquals("", empty.diff(HostState.of(d)), "100 runs and 100 removals left something behind");

            // the same through the REST API with curl, so that the requests really overlap (no JVM start in between)
            final String post = "curl -s -o /dev/null -w '%{http_code}' --unix-socket " + d.socket()
                + " -X POST -H 'Content-Type: application/json' http://localhost/v1/sandboxes -d";
            final long t3 = System.nanoTime();
            final ExecResult api = h1.exec(Duration.ofMinutes(5), "sh", "-c",
                "for i in $(seq 1 " + N + "); do (code=$(" + post + " \"{\\\"Name\\\":\\\"r$i\\\",\\\"Network\\\":\\\"conc\\\","
                    + "\\\"Command\\\":[\\\"sleep\\\",\\\"3600\\\"],\\\"Detach\\\":true}\"); "
                    + "[ \"$code\" = 201 ] || echo \"FAIL r$i $code\") & done; wait");
            System.err.printf("ConcurrencyIT: %d parallel POST /v1/sandboxes (curl) took %d ms%n", N,
                (System.nanoTime() - t3) / 1_000_000);
            assertEquals("", api.stdout().strip(), api.describe());
            final List<SandboxView> viaApi = d.sandboxes();
            assertEquals(N, viaApi.stream().map(x -> x.endpoints().get(0).ipAddress()).distinct().count(), "distinct addresses");
            assertEquals(List.of(), Consistency.problems(d));
            final String apiPaths = viaApi.stream().map(SandboxView::netnsPath).collect(Collectors.joining(" "));
            assertEquals("", h1.exec(Duration.ofMinutes(2), "sh", "-c",
                "for p in " + apiPaths + "; do (for t in 1 2 3; do nsenter --net=$p ping -c1 -W1 10.200.100.1 >/dev/null && exit 0; "
                    + "done; echo \"FAIL $p\") & done; wait").stdout().strip());
            final long t4 = System.nanoTime();
            final ExecResult del = h1.exec(Duration.ofMinutes(5), "sh", "-c",
                "for i in $(seq 1 " + N + "); do (code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket " + d.socket()
                    + " -X DELETE \"http://localhost/v1/sandboxes/r$i?force=true\"); [ \"$code\" = 204 ] || echo \"FAIL r$i $code\") & "
                    + "done; wait");
            System.err.printf("ConcurrencyIT: %d parallel DELETE (curl) took %d ms%n", N, (System.nanoTime() - t4) / 1_000_000);
            assertEquals("", del.stdout().strip(), del.describe());
            assertEquals("", empty.diff(HostState.of(d)), "100 API creates and deletes left something behind");
            d.cliOk("network", "rm", "conc");
        }
    }
}
