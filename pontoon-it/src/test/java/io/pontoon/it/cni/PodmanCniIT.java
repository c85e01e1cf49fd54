// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.PodmanPeer;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Podman 4.3 (CNI backend, libcni 1.1.2) using pontoon-cni: the launcher is installed as
 * {@code pontoon} in Podman's CNI plugin directory and the conflist has one plugin of type
 * {@code pontoon}. Containers ping each other, a published port answers from another lab host,
 * static IP and MAC reach the daemon, {@code podman stop/start} re-attaches, a daemon restart
 * between ADD and DEL is harmless, and {@code podman rm} leaves nothing behind: links, addresses,
 * nftables and the daemon's store are as before the first container ({@link HostState}).
 */
@Privileged
@LabHosts(count = 2)
class PodmanCniIT
{
    private static final String IMAGE = "ptbusybox";
    private static final String NET = "pmnet";

    private static String ipOf(final PodmanPeer podman, final String container)
    {
        return podman.podmanOk("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + NET + "\").IPAddress}}", container)
            .trim();
    }

    @Test
    void podmanContainersOnAPontoonNetwork(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        final CniDaemon daemon = CniDaemon.start(h1);
        final CniNet net = CniNet.create(daemon, NET, "10.234.0.0/24");
        try (PodmanPeer podman = PodmanPeer.start(h1))
        {
            Files.createSymbolicLink(podman.cniPluginDir().resolve("pontoon"), CniExec.plugin());
            podman.importBusybox(IMAGE);
            podman.writeConflist(NET, """
                {
                  "cniVersion": "1.0.0",
                  "name": "%s",
                  "plugins": [
                    {"type": "pontoon", "socket": "%s", "capabilities": {"portMappings": true, "ips": true, "mac": true}}
                  ]
                }
                """.formatted(NET, daemon.socket()));
            assertTrue(podman.podmanOk("network", "ls", "--format", "{{.Name}}").contains(NET));
            final HostState before = HostState.of(daemon);

            podman.podmanOk("run", "-d", "--name", "a", "--network", NET, IMAGE, "sleep", "3600");
            podman.podmanOk("run", "-d", "--name", "b", "--network", NET, "-p", "8080:80", IMAGE, "httpd", "-f", "-p", "80",
                "-h", "/etc");
            podman.podmanOk("run", "-d", "--name", "c", "--network", NET, "--ip", "10.234.0.77", "--mac-address",
                "c2:00:00:00:00:77", IMAGE, "sleep", "3600");
            final String ipA = ipOf(podman, "a");
            final String ipB = ipOf(podman, "b");
            assertTrue(ipA.startsWith("10.234.0.") && ipB.startsWith("10.234.0.") && !ipA.equals(ipB), ipA + " " + ipB);
            assertEquals("10.234.0.77", ipOf(podman, "c"));
            assertTrue(podman.podmanOk("exec", "c", "ip", "link", "show", "eth0").contains("c2:00:00:00:00:77"));
            assertTrue(net.endpointAddresses().containsAll(List.of(ipA + "/24", ipB + "/24", "10.234.0.77/24")),
                net.endpointAddresses().toString());
            assertTrue(podman.podman("exec", "a", "ping", "-c1", "-W2", ipB).ok(), "a -> b\n" + diag(podman, net));
            assertTrue(podman.podman("exec", "b", "ping", "-c1", "-W2", ipA).ok(), "b -> a");
            assertTrue(podman.podman("exec", "c", "ping", "-c1", "-W2", ipA).ok(), "c -> a");
            final String url = "http://" + h1.underlayIp() + ":8080/passwd";
            CniDirectIT.awaitHttp(h2, url, "podman -p 8080:80 from h2");
            assertEquals("200", h2.execOk("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5", url).trim());

            // stop tears the attachment down (DEL), start makes it again (ADD with the same container id)
            podman.podmanOk("stop", "-t", "0", "b");
            assertFalse(net.publishedPorts().contains("8080"), net.publishedPorts());
            podman.podmanOk("start", "b");
            CniDirectIT.awaitHttp(h2, url, "port after podman stop/start");

            // a daemon restart between ADD and DEL: traffic goes on, and DEL afterwards cleans up
            daemon.stop();
            assertTrue(podman.podman("exec", "a", "ping", "-c1", "-W2", ipOf(podman, "b")).ok(), "traffic while Pontoon is down");
            final ExecResult refused = podman.podman("run", "-d", "--name", "d", "--network", NET, IMAGE, "sleep", "3600");
            assertFalse(refused.ok(), "ADD with the daemon down must fail");
            // Podman prints libcni's "msg; details" of the error object, not its code: the text is
            // what pontoon-cni and pontoon-cni-fast give with code 11 (daemon unreachable)
            assertTrue(refused.stderr().contains("Pontoon daemon unreachable"), refused.describe());
            daemon.startAgain();
            podman.podman("rm", "-f", "d");
            CniDirectIT.awaitHttp(h2, url, "port after the daemon restart");
            podman.podmanOk("rm", "-f", "-t", "0", "a", "b", "c");
            assertEquals("", podman.podmanOk("ps", "-aq"));
            assertEquals(List.of(), net.hostVeths(), "veths left by podman rm");
            assertEquals(List.of(), net.endpointAddresses(), "addresses left by podman rm");
            assertFalse(net.publishedPorts().contains("8080"), net.publishedPorts());
            assertFalse(h2.exec("curl", "-s", "-m", "3", url).ok(), "port still answers after podman rm");
            before.assertSameAs(daemon, "by podman run ... podman rm");
        }
        finally
        {
            daemon.close();
        }
    }

    private static String diag(final PodmanPeer podman, final CniNet net)
    {
        return podman.podman("exec", "a", "sh", "-c", "ip addr; ip route").stdout() + "\n"
            + net.daemon().host().exec("ip", "-d", "link").stdout() + "\n" + net.daemon().output();
    }
}
