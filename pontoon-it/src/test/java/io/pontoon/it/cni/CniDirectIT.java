// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.pontoon.it.cni.CniExec.env;
import static io.pontoon.it.cni.CniExec.pontoon;
import static io.pontoon.it.cni.CniExec.pontoonOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pontoon-cni invoked directly, per the CNI spec, against a real daemon in lab host h1: ADD into a
 * namespace the test creates (checked with {@code ip} inside it and by traffic), the result's
 * shape for 0.4.0, 1.0.0 and 1.1.0, CHECK, DEL (twice, and after the namespace is gone), GC, and
 * the {@code portMappings}, {@code ips} and {@code mac} capabilities in one exec.
 */
@Privileged
@LabHosts(count = 2)
class CniDirectIT
{
    private static final String GW = "10.231.0.1";
    private static CniNet net;

    @BeforeAll
    static void daemon(final Lab lab) throws Exception
    {
        net = CniNet.create(CniDaemon.start(lab.host("h1")), "pnet", "10.231.0.0/24");
    }

    private static Lab.Host h1()
    {
        return net.daemon().host();
    }

    @Test
    void addGivesAWorkingInterfaceAndAResultOfTheRequestedVersion(final Lab lab)
    {
        for (final String version : List.of("0.4.0", "1.0.0", "1.1.0"))
        {
            try (ContainerNs ns = ContainerNs.create(lab))
            {
                final String cid = "ver" + version.replace(".", "");
                final JsonObject r = pontoonOk(h1(), env("ADD", cid, ns.path().toString(), "eth0"), net.conf(version));
                assertEquals(version, r.string("cniVersion"), r.toString());
                final List<JsonObject> ifs = r.objects("interfaces");
                final List<JsonObject> ips = r.objects("ips");
                assertEquals(1, ips.size(), r.toString());
                final JsonObject ip = ips.get(0);
                final JsonObject eth0 = ifs.get((int) ip.integer("interface", -1));
                assertEquals("eth0", eth0.string("name"), r.toString());
                assertEquals(ns.path().toString(), eth0.string("sandbox"), r.toString());
                assertTrue(eth0.string("mac").matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}"), r.toString());
                assertEquals(GW, ip.string("gateway"));
                assertTrue(ip.string("address").matches("10\\.231\\.0\\.\\d+/24"), r.toString());
                assertEquals(version.equals("0.4.0") ? "4" : null, ip.string("version"), "ips[].version only at 0.4.0: " + r);
                assertTrue(ifs.stream().noneMatch(i -> i.has("mtu")) || version.equals("1.1.0"), "mtu only at 1.1.0: " + r);
                final String kernelMtu = ns.ip("-o", "link", "show", "eth0").replaceAll("(?s).* mtu (\\d+) .*", "$1").strip();
                if (version.equals("1.1.0"))
                {
                    assertEquals(Long.parseLong(kernelMtu), eth0.integer("mtu", -1), "1.1.0 reports the kernel's MTU: " + r);
                }
                assertEquals(List.of(Map.of("dst", "0.0.0.0/0", "gw", GW)), r.array("routes"), r.toString());
                assertTrue(r.has("dns"), r.toString());

                // the kernel agrees: interface, MAC, address, default route, and the gateway answers
                final String link = ns.ip("-o", "link", "show", "eth0");
                assertTrue(link.contains("state UP") && link.contains(eth0.string("mac")), link);
                assertTrue(ns.ip("-o", "-4", "addr", "show", "dev", "eth0").contains(" " + ip.string("address") + " "));
                assertTrue(ns.ip("route", "show", "default").contains("default via " + GW + " dev eth0"));
                assertTrue(ns.exec("ping", "-c1", "-W2", GW).ok(), "gateway unreachable from " + ns);
                assertTrue(net.endpointAddresses().contains(ip.string("address")));

                // CHECK with the cached result passes; DEL removes; DEL again is fine
                pontoonOk(h1(), env("CHECK", cid, ns.path().toString(), "eth0"), net.conf(version, "prevResult", r.map()));
                pontoonOk(h1(), env("DEL", cid, ns.path().toString(), "eth0"), net.conf(version));
                assertFalse(ns.ip("-o", "link").contains("eth0"), ns.ip("-o", "link"));
                assertFalse(net.endpointAddresses().contains(ip.string("address")));
                pontoonOk(h1(), env("DEL", cid, ns.path().toString(), "eth0"), net.conf(version));
                assertEquals(3, pontoon(h1(), env("CHECK", cid, ns.path().toString(), "eth0"),
                    net.conf(version, "prevResult", r.map())).code(), "CHECK after DEL: attachment unknown");
            }
        }
    }

    @Test
    void checkFailsWhenTheKernelOrTheCachedResultDisagree(final Lab lab)
    {
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            final Map<String, String> add = env("ADD", "chk1", ns.path().toString(), "eth0");
            final Map<String, String> check = env("CHECK", "chk1", ns.path().toString(), "eth0");
            final JsonObject r = pontoonOk(h1(), add, net.conf("1.0.0"));
            final String address = r.objects("ips").get(0).string("address");
            final String withPrev = net.conf("1.0.0", "prevResult", r.map());
            pontoonOk(h1(), check, withPrev);

            assertEquals(7, pontoon(h1(), check, net.conf("1.0.0")).code(), "CHECK needs prevResult");
            final JsonObject other = JsonObject.wrap(r.map());
            final String wrongPrev = net.conf("1.0.0", "prevResult", Map.of("cniVersion", "1.0.0",
                "interfaces", other.array("interfaces"), "ips", List.of(Map.of("address", "10.231.0.250/24", "interface", 2L))));
            assertEquals(101, pontoon(h1(), check, wrongPrev).code(), "prevResult without the real address");

            ns.ip("addr", "del", address, "dev", "eth0");
            final CniExec.Out noAddr = pontoon(h1(), check, withPrev);
            assertEquals(7, noAddr.code(), noAddr.describe());
            assertTrue(noAddr.json().string("msg").contains("lacks address " + address), noAddr.describe());

            ns.ip("addr", "add", address, "dev", "eth0");
            final CniExec.Out noRoute = pontoon(h1(), check, withPrev);
            assertEquals(7, noRoute.code(), noRoute.describe());
            assertTrue(noRoute.json().string("msg").contains("default route"), noRoute.describe());
            ns.ip("route", "add", "default", "via", GW);
            pontoonOk(h1(), check, withPrev);

            ns.ip("link", "set", "eth0", "down");
            final CniExec.Out down = pontoon(h1(), check, withPrev);
            assertEquals(7, down.code(), down.describe());
            assertTrue(down.json().string("msg").contains("down"), down.describe());
            restore(ns);
            pontoonOk(h1(), check, withPrev);

            // the kernel MAC, not just the cached one, must be the recorded MAC
            final String mac = r.objects("interfaces").get(2).string("mac");
            ns.ip("link", "set", "eth0", "address", "c2:00:00:00:00:99");
            final CniExec.Out otherMac = pontoon(h1(), check, withPrev);
            assertEquals(7, otherMac.code(), otherMac.describe());
            assertTrue(otherMac.json().string("msg").contains("c2:00:00:00:00:99"), otherMac.describe());
            ns.ip("link", "set", "eth0", "address", mac);
            pontoonOk(h1(), check, withPrev);

            // the host end taken off the bridge (the container end stays)
            final String bridge = r.objects("interfaces").get(0).string("name");
            final String veth = r.objects("interfaces").get(1).string("name");
            h1().execOk("ip", "link", "set", veth, "nomaster");
            final CniExec.Out detached = pontoon(h1(), check, withPrev);
            assertEquals(7, detached.code(), detached.describe());
            assertTrue(detached.json().string("msg").contains("not on bridge " + bridge), detached.describe());
            h1().execOk("ip", "link", "set", veth, "master", bridge);
            pontoonOk(h1(), check, withPrev);

            // the container end renamed: the host end is still in place, the check inside the namespace fails
            ns.ip("link", "set", "eth0", "down");
            ns.ip("link", "set", "eth0", "name", "eth9");
            final CniExec.Out renamed = pontoon(h1(), check, withPrev);
            assertEquals(7, renamed.code(), renamed.describe());
            assertTrue(renamed.json().string("msg").contains("interface eth0 is missing"), renamed.describe());
            ns.ip("link", "set", "eth9", "name", "eth0");
            restore(ns);
            pontoonOk(h1(), check, withPrev);

            ns.ip("link", "del", "eth0");
            final CniExec.Out gone = pontoon(h1(), check, withPrev);
            assertEquals(7, gone.code(), gone.describe());
            assertTrue(gone.json().string("msg").contains("missing"), gone.describe());
            pontoonOk(h1(), env("DEL", "chk1", ns.path().toString(), "eth0"), net.conf("1.0.0"));
            assertFalse(net.endpointAddresses().contains(address));
        }
    }

    @Test
    void portMappingsIpsAndMacAreAppliedInTheSameExec(final Lab lab) throws Exception
    {
        final Path www = Files.createTempDirectory("pt-cni-www");
        Files.writeString(www.resolve("index.html"), "pontoon-cni-direct\n");
        final Lab.Host h2 = lab.host("h2");
        final String url = "http://" + h1().underlayIp() + ":8080/index.html";
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            final Map<String, String> add = env("ADD", "web1", ns.path().toString(), "eth0");
            final JsonObject r = pontoonOk(h1(), add, net.confWithRuntime("1.1.0",
                "portMappings", List.of(CniNet.port(8080, 80), Map.of("hostPort", 8081L, "containerPort", 80L, "protocol", "TCP",
                    "hostIP", h1().underlayIp())), "ips", List.of("10.231.0.50/24"), "mac", "c2:00:00:00:00:50"));
            assertEquals("10.231.0.50/24", r.objects("ips").get(0).string("address"));
            assertTrue(ns.ip("-o", "link", "show", "eth0").contains("c2:00:00:00:00:50"));
            assertTrue(ns.ip("-o", "-4", "addr", "show", "eth0").contains("10.231.0.50/24"));
            assertTrue(net.publishedPorts().contains("tcp . 8080 : 10.231.0.50 . 80"), net.publishedPorts());

            final Spawned httpd = h1().spawn("nsenter", "--net=" + ns.path(), "--", "busybox", "httpd", "-f", "-p", "80",
                "-h", www.toString());
            try
            {
                awaitHttp(h2, url, "published port from h2");
                assertEquals("pontoon-cni-direct\n", h2.execOk("curl", "-s", "-m", "5", url));
                assertEquals("pontoon-cni-direct\n", h2.execOk("curl", "-s", "-m", "5", url.replace(":8080", ":8081")),
                    "hostIP mapping");
                // CHECK also verifies the published port
                final Map<String, String> check = env("CHECK", "web1", ns.path().toString(), "eth0");
                pontoonOk(h1(), check, net.conf("1.1.0", "prevResult", r.map()));
                h1().execOk("nft", "delete", "element", "ip", "pontoon", "pub_any", "{ tcp . 8080 }");
                final CniExec.Out noPort = pontoon(h1(), check, net.conf("1.1.0", "prevResult", r.map()));
                assertEquals(7, noPort.code(), noPort.describe());
                assertTrue(noPort.json().string("msg").contains("published ports"), noPort.describe());
                pontoonOk(h1(), env("DEL", "web1", ns.path().toString(), "eth0"), net.confWithRuntime("1.1.0",
                    "portMappings", List.of(CniNet.port(8080, 80))));
                assertFalse(net.publishedPorts().contains("8080"), net.publishedPorts());
                assertFalse(h1().execOk("nft", "list", "map", "ip", "pontoon", "pub_ip").contains("8081"));
                assertFalse(h2.exec("curl", "-s", "-m", "3", url).ok(), "port still answers after DEL");
            }
            finally
            {
                httpd.kill();
            }
        }
        finally
        {
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
    }

    /** Waits until {@code url} answers from {@code from} (busybox httpd takes a moment to listen). */
    static void awaitHttp(final Lab.Host from, final String url, final String what)
    {
        Await.until(what + ": " + url, Duration.ofSeconds(15),
            () -> from.exec("curl", "-s", "-o", "/dev/null", "-m", "2", url).ok());
    }

    @Test
    void delAfterTheNamespaceIsGoneReleasesEverything(final Lab lab)
    {
        final ContainerNs ns = ContainerNs.create(lab);
        final String path = ns.path().toString();
        final List<String> vethsBefore = net.hostVeths();
        pontoonOk(h1(), env("ADD", "gone1", path, "eth0"), net.confWithRuntime("1.0.0", "ips", List.of("10.231.0.60"),
            "portMappings", List.of(CniNet.port(8090, 80))));
        assertEquals(vethsBefore.size() + 1, net.hostVeths().size());
        ns.close();
        pontoonOk(h1(), env("DEL", "gone1", path, "eth0"), net.conf("1.0.0"));
        assertEquals(vethsBefore, net.hostVeths());
        assertFalse(net.endpointAddresses().contains("10.231.0.60/24"));
        assertFalse(net.publishedPorts().contains("8090"), net.publishedPorts());
        pontoonOk(h1(), env("DEL", "gone1", path, "eth0"), net.conf("1.0.0"));
        pontoonOk(h1(), env("DEL", "gone1", "", "eth0"), net.conf("1.0.0"));

        // the address and the port are free again: another container gets exactly them
        try (ContainerNs again = ContainerNs.create(lab))
        {
            final JsonObject r = pontoonOk(h1(), env("ADD", "gone2", again.path().toString(), "eth0"),
                net.confWithRuntime("1.0.0", "ips", List.of("10.231.0.60"), "portMappings", List.of(CniNet.port(8090, 80))));
            assertEquals("10.231.0.60/24", r.objects("ips").get(0).string("address"));
            pontoonOk(h1(), env("DEL", "gone2", again.path().toString(), "eth0"), net.conf("1.0.0"));
        }
    }

    @Test
    void gcRemovesTheAttachmentsNotInTheValidList(final Lab lab)
    {
        try (ContainerNs a = ContainerNs.create(lab); ContainerNs b = ContainerNs.create(lab); ContainerNs c = ContainerNs.create(lab))
        {
            final List<String> vethsBefore = net.hostVeths();
            final String ipA = addr(pontoonOk(h1(), env("ADD", "gca", a.path().toString(), "eth0"), net.conf("1.1.0")));
            final String ipB = addr(pontoonOk(h1(), env("ADD", "gcb", b.path().toString(), "eth0"), net.conf("1.1.0")));
            final String ipC = addr(pontoonOk(h1(), env("ADD", "gcc", c.path().toString(), "net1"),
                net.confWithRuntime("1.1.0", "portMappings", List.of(CniNet.port(8091, 80)))));
            assertEquals(vethsBefore.size() + 3, net.hostVeths().size());

            final String gc = net.conf("1.1.0", "cni.dev/valid-attachments", List.of(Map.of("containerID", "gca", "ifname", "eth0"),
                Map.of("containerID", "gcb", "ifname", "net9")));
            assertEquals(1, pontoon(h1(), env("GC", "", "", ""), net.conf("1.0.0")).code(), "GC needs a 1.1.0 config");
            pontoonOk(h1(), env("GC", "", "", ""), gc);
            assertEquals(vethsBefore.size() + 1, net.hostVeths().size(), net.hostVeths().toString());
            final List<String> left = net.endpointAddresses();
            assertTrue(left.contains(ipA) && !left.contains(ipB) && !left.contains(ipC), left.toString());
            assertFalse(net.publishedPorts().contains("8091"));
            assertFalse(b.ip("-o", "link").contains("eth0"));
            assertFalse(c.ip("-o", "link").contains("net1"));
            assertTrue(a.exec("ping", "-c1", "-W2", GW).ok(), "the valid attachment must keep working");
            pontoonOk(h1(), env("GC", "", "", ""), gc);
            pontoonOk(h1(), env("DEL", "gca", a.path().toString(), "eth0"), net.conf("1.1.0"));
            assertEquals(vethsBefore, net.hostVeths());
        }
    }

    @Test
    void cniArgsAndASecondInterfaceOnAnotherNetwork(final Lab lab)
    {
        final CniNet other = CniNet.create(net.daemon(), "pnet2", "10.236.0.0/24");
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            pontoonOk(h1(), env("ADD", "two", ns.path().toString(), "eth0"), net.conf("1.0.0"));
            final Map<String, String> add = new LinkedHashMap<>(env("ADD", "two", ns.path().toString(), "net1"));
            add.put("CNI_ARGS", "IgnoreUnknown=1;IP=10.236.0.77;MAC=c2:00:00:00:02:02;K8S_POD_NAME=web");
            final JsonObject r = pontoonOk(h1(), add, other.conf("1.0.0"));
            assertEquals("10.236.0.77/24", addr(r));
            assertFalse(r.has("routes"), "the namespace already has a default route: " + r);
            assertTrue(ns.ip("-o", "link", "show", "net1").contains("c2:00:00:00:02:02"));
            assertTrue(ns.ip("route", "show", "default").contains("via " + GW + " dev eth0"), ns.ip("route"));
            assertTrue(ns.exec("ping", "-c1", "-W2", "10.236.0.1").ok());
            assertTrue(ns.exec("ping", "-c1", "-W2", GW).ok());
            final Map<String, String> check = new LinkedHashMap<>(add);
            check.put("CNI_COMMAND", "CHECK");
            pontoonOk(h1(), check, other.conf("1.0.0", "prevResult", r.map()));
            pontoonOk(h1(), env("DEL", "two", ns.path().toString(), "net1"), other.conf("1.0.0"));
            pontoonOk(h1(), env("DEL", "two", ns.path().toString(), "eth0"), net.conf("1.0.0"));
            assertEquals(List.of(), other.endpointAddresses());
        }
        finally
        {
            net.daemon().cliOk("network", "rm", "pnet2");
        }
    }

    /** eth0 up again, and the default route that went with the link-down back. */
    private static void restore(final ContainerNs ns)
    {
        ns.ip("link", "set", "eth0", "up");
        ns.ip("route", "replace", "default", "via", GW);
    }

    @Test
    void tenConcurrentAddsGetDistinctAddressesAndAllReachTheGateway(final Lab lab) throws Exception
    {
        final List<String> vethsBefore = net.hostVeths();
        final List<ContainerNs> nss = new ArrayList<>();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                nss.add(ContainerNs.create(lab));
            }
            final List<Future<JsonObject>> adds = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(10))
            {
                for (int i = 0; i < 10; i++)
                {
                    final Map<String, String> add = env("ADD", "par" + i, nss.get(i).path().toString(), "eth0");
                    adds.add(pool.submit(() -> pontoonOk(h1(), add, net.conf("1.1.0"))));
                }
            }
            final Set<String> ips = new HashSet<>();
            for (int i = 0; i < 10; i++)
            {
                final String ip = addr(adds.get(i).get());
                assertTrue(ips.add(ip), "address " + ip + " given twice: " + ips);
                assertTrue(nss.get(i).ip("-o", "-4", "addr", "show", "dev", "eth0").contains(" " + ip + " "), ip);
                assertTrue(nss.get(i).exec("ping", "-c1", "-W2", GW).ok(), "gateway from par" + i);
            }
            assertEquals(vethsBefore.size() + 10, net.hostVeths().size());
            assertTrue(net.endpointAddresses().containsAll(ips), net.endpointAddresses().toString());
            for (int i = 0; i < 10; i++)
            {
                pontoonOk(h1(), env("DEL", "par" + i, nss.get(i).path().toString(), "eth0"), net.conf("1.1.0"));
            }
            assertEquals(vethsBefore, net.hostVeths());
        }
        finally
        {
            nss.forEach(ContainerNs::close);
        }
    }

    private static String addr(final JsonObject result)
    {
        return result.objects("ips").get(0).string("address");
    }
}
