// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkCommandsTest extends CliTestSupport
{
    @TempDir
    Path dir;

    FakeDaemon d;

    @BeforeEach
    void start() throws Exception
    {
        d = new FakeDaemon(dir);
    }

    @AfterEach
    void stop() throws Exception
    {
        d.close();
    }

    @Test
    void createSendsEveryFieldAndPrintsTheId()
    {
        d.on("POST", "/v1/networks", 201, json(network("n1").toJson()));
        final Result r = run(d.socket(), "network", "create", "-d", "bridge", "--subnet", "10.200.0.0/24",
            "--gateway=10.200.0.1", "--ip-range", "10.200.0.128/25", "--internal", "-o", "mtu=1400",
            "-ocom.example.x=a=b", "n1");
        assertEquals(new Result(0, NET_ID + "\n", ""), r);
        final FakeDaemon.Req q = d.requests().get(0);
        assertEquals("POST", q.method());
        assertEquals("/v1/networks", q.target());
        assertEquals("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"Subnet\":\"10.200.0.0/24\",\"Gateway\":\"10.200.0.1\","
            + "\"IPRange\":\"10.200.0.128/25\",\"Internal\":true,\"Options\":{\"mtu\":\"1400\",\"com.example.x\":\"a=b\"}}",
            q.body());
        assertTrue(q.head().contains("\r\nContent-Type: application/json"), q.head());
    }

    @Test
    void createDefaultsAndUsageErrors()
    {
        d.on("POST", "/v1/networks", 201, json(network("n2").toJson()));
        assertEquals(0, run(d.socket(), "network", "create", "n2").code());
        final JsonObject body = Json.parseObject(d.requests().get(0).body());
        assertEquals("bridge", body.string("Driver"));
        assertEquals(null, body.string("Subnet"));
        assertEquals(new Result(2, "", "Error: invalid option 'mtu': expected KEY=VALUE (see 'pontoon network create --help')\n"), run(d.socket(), "network", "create", "-o", "mtu", "n3"));
        assertEquals(new Result(2, "", "Error: invalid option '=1': expected KEY=VALUE (see 'pontoon network create --help')\n"), run(d.socket(), "network", "create", "-o", "=1", "n3"));
        assertEquals(new Result(2, "", "Error: \"pontoon network create\" requires exactly 1 argument. (see 'pontoon network create --help')\n"), run(d.socket(), "network", "create"));
        assertEquals(new Result(2, "", "Error: unknown flag: --subnett (see 'pontoon network create --help')\n"),
            run(d.socket(), "network", "create", "--subnett", "x", "n3"));
        assertEquals(new Result(2, "", "Error: flag needs an argument: --subnet (see 'pontoon network create --help')\n"),
            run(d.socket(), "network", "create", "n3", "--subnet"));
        assertEquals(1, d.requests().size(), "usage errors send nothing");
    }

    @Test
    void daemonErrorsBecomeOneLine()
    {
        d.on("POST", "/v1/networks", 409, "{\"message\":\"network with name n1 already exists\"}");
        assertEquals(new Result(1, "", "Error: network with name n1 already exists\n"),
            run(d.socket(), "network", "create", "n1"));
        d.on("DELETE", "/v1/networks/n1", 500, "oops");
        assertEquals(new Result(1, "", "Error: the daemon answered 500: oops\n"), run(d.socket(), "network", "rm", "n1"));
    }

    @Test
    void lsPrintsAnAlignedTableOrJson()
    {
        d.on("GET", "/v1/networks", 200, json(List.of(network("n1").toJson(), network("a-much-longer-name").toJson())));
        final Result r = run(d.socket(), "network", "ls");
        assertEquals(0, r.code());
        assertEquals("""
            NETWORK ID     NAME                 DRIVER   SCOPE   SUBNET
            1f2e3d4c5b6a   n1                   bridge   local   10.200.0.0/24
            1f2e3d4c5b6a   a-much-longer-name   bridge   local   10.200.0.0/24
            """, r.out());
        final Result j = run(d.socket(), "network", "ls", "--format", "json");
        assertEquals(0, j.code());
        assertEquals(Json.pretty(Json.parse(json(List.of(network("n1").toJson(), network("a-much-longer-name").toJson()))))
            + "\n", j.out());
        assertEquals(new Result(2, "", "Error: unsupported format 'yaml': use --format json (see 'pontoon network ls --help')\n"), run(d.socket(), "network", "ls", "--format=yaml"));
    }

    @Test
    void inspectPrintsAnArrayAndReportsMissingOnes()
    {
        d.on("GET", "/v1/networks/n1", 200, json(network("n1").toJson()));
        d.on("GET", "/v1/networks/nope", 404, "{\"message\":\"network nope not found\"}");
        final Result r = run(d.socket(), "network", "inspect", "n1", "nope");
        assertEquals(1, r.code());
        assertEquals("Error: network nope not found\n", r.err());
        assertEquals(Json.pretty(List.of(Json.parse(json(network("n1").toJson())))) + "\n", r.out());
        run(d.socket(), "network", "inspect", "a b/c");
        assertEquals("/v1/networks/a%20b%2Fc", d.requests().get(2).target());
    }

    @Test
    void rmConnectDisconnect()
    {
        d.on("DELETE", "/v1/networks/n1", 204, "");
        assertEquals(new Result(0, "n1\n", ""), run(d.socket(), "network", "rm", "n1"));
        assertEquals("DELETE", d.requests().get(0).method());
        d.on("POST", "/v1/networks/n1/connect", 200, json(sandbox("/x").endpoints().get(0).toJson()));
        assertEquals(new Result(0, "", ""), run(d.socket(), "network", "connect", "--ip", "10.200.0.9", "--alias", "db",
            "--alias=db2", "n1", "web"));
        assertEquals("{\"Sandbox\":\"web\",\"IP\":\"10.200.0.9\",\"Aliases\":[\"db\",\"db2\"]}", d.requests().get(1).body());
        d.on("POST", "/v1/networks/n1/disconnect", 204, "");
        assertEquals(new Result(0, "", ""), run(d.socket(), "network", "disconnect", "n1", "web"));
        assertEquals("{\"Sandbox\":\"web\",\"Force\":false}", d.requests().get(2).body());
        run(d.socket(), "network", "disconnect", "-f", "n1", "web");
        assertEquals("{\"Sandbox\":\"web\",\"Force\":true}", d.requests().get(3).body());
        assertEquals(2, run(d.socket(), "network", "connect", "n1").code());
    }

    @Test
    void helpForEveryNetworkCommand()
    {
        for (final String c : List.of("create", "ls", "inspect", "rm", "connect", "disconnect"))
        {
            final Result r = run(d.socket(), "network", c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().startsWith("Usage:  pontoon network " + c), r.out());
            assertTrue(r.out().contains("-h, --help"), r.out());
        }
        assertTrue(run(d.socket(), "network").out().contains("disconnect"));
        assertEquals(new Result(2, "", "Error: unknown command \"list\" for \"pontoon network\" (see 'pontoon network --help')\n"), run(d.socket(), "network", "list"));
        assertEquals(0, d.requests().size());
    }
}
