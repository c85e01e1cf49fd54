// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.docker;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;
import io.pontoon.testkit.peers.DockerPeer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pontoon as Docker's remote network and IPAM driver, with a real dockerd 20.10 in a lab host:
 * {@code docker network create -d pontoon}, containers pinging and resolving each other,
 * published ports, isolation, connect/disconnect, restarts of either daemon, clean removal.
 */
@Privileged
@LabHosts(count = 2)
class DockerPluginIT
{
    private static final String IMAGE = "ptbusybox";

    @Test
    void dockerContainersOnPontoonNetworks(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.hosts().get(0);
        final Lab.Host h2 = lab.hosts().get(1);
        final DockerPeer docker = DockerPeer.start(h1);
        try (PontoonDaemon pontoon = PontoonDaemon.start(h1, "--docker-plugin", "on", "--docker-plugin-dir",
            docker.pluginDir().toString()))
        {
            docker.importBusybox(IMAGE);
            // a network with Pontoon's IPAM and one with Docker's own IPAM
            docker.dockerOk("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon", "--subnet", "10.210.0.0/24",
                "-o", "pontoon.name=dk1", "dk1");
            docker.dockerOk("network", "create", "-d", "pontoon", "--subnet", "10.211.0.0/24", "dk2");
            final String ls = pontoon.cliOk("network", "ls");
            assertTrue(ls.contains("dk1") && ls.contains("10.211.0.0/24"), ls);

            docker.dockerOk("run", "-d", "--name", "a1", "--network", "dk1", IMAGE, "sleep", "3600");
            docker.dockerOk("run", "-d", "--name", "a2", "--network", "dk1", "-p", "8080:80", IMAGE,
                "httpd", "-f", "-p", "80", "-h", "/etc");
            docker.dockerOk("run", "-d", "--name", "b1", "--network", "dk2", IMAGE, "sleep", "3600");
            final String a2ip = docker.dockerOk("inspect", "-f", "{{(index .NetworkSettings.Networks \"dk1\").IPAddress}}",
                "a2").trim();
            assertTrue(a2ip.startsWith("10.210.0."), a2ip);
            // ping by name through Docker's embedded DNS, and by address
            assertTrue(docker.docker("exec", "a1", "ping", "-c1", "-W2", "a2").ok(), () -> "a1 -> a2 by name\n"
                + docker.docker("exec", "a1", "sh", "-c", "ip addr; ip route; cat /etc/resolv.conf; ping -c1 -W2 " + a2ip
                    + "; nslookup a2 127.0.0.11").describe() + "\n" + h1.exec("ip", "-d", "link").stdout()
                + h1.exec("bridge", "link").stdout());
            assertTrue(docker.docker("exec", "a1", "ping", "-c1", "-W2", a2ip).ok());
            // isolation between two pontoon networks
            assertFalse(docker.docker("exec", "b1", "ping", "-c1", "-W1", a2ip).ok(), "dk2 must not reach dk1");
            // the published port answers from another lab host and from the host itself
            assertEquals("200", h2.execOk("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
                "http://" + h1.underlayIp() + ":8080/passwd").trim());
            assertEquals("200", h1.execOk("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
                "http://127.0.0.1:8080/passwd").trim());

            // connect / disconnect live
            docker.dockerOk("network", "connect", "dk1", "b1");
            assertTrue(docker.docker("exec", "b1", "ping", "-c1", "-W2", a2ip).ok(), "b1 after connect");
            docker.dockerOk("network", "disconnect", "dk1", "b1");
            assertFalse(docker.docker("exec", "b1", "ping", "-c1", "-W1", a2ip).ok(), "b1 after disconnect");

            // Pontoon restart (kill -9): containers stay connected, later calls work
            pontoon.kill9();
            assertTrue(docker.docker("exec", "a1", "ping", "-c1", "-W2", a2ip).ok(), "traffic while Pontoon is down");
            pontoon.restart();
            docker.dockerOk("run", "-d", "--name", "a3", "--network", "dk1", IMAGE, "sleep", "3600");
            assertTrue(docker.docker("exec", "a3", "ping", "-c1", "-W2", "a2").ok(), "new container after restart");
            assertEquals("200", h2.execOk("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
                "http://" + h1.underlayIp() + ":8080/passwd").trim(), "port after Pontoon restart");

            // errors reach the user through Docker
            final ExecResult overlap = docker.docker("network", "create", "-d", "pontoon", "--subnet", "10.210.0.0/25", "dk3");
            assertFalse(overlap.ok());
            assertTrue(overlap.stderr().contains("overlaps"), overlap.stderr());

            // removal leaves nothing of Pontoon behind
            docker.dockerOk("rm", "-f", "a1", "a2", "a3", "b1");
            docker.dockerOk("network", "rm", "dk1", "dk2");
            final String after = pontoon.cliOk("network", "ls");
            assertFalse(after.contains("dk1") || after.contains("10.211.0.0"), after);
            final String links = h1.execOk("ip", "-o", "link", "show");
            assertFalse(links.contains(": ptv") || links.contains(": pt-"), links);
            final String elements = h1.execOk("nft", "list", "map", "ip", "pontoon", "pub_any");
            assertFalse(elements.contains("8080"), elements);
        }
        finally
        {
            docker.close();
        }
    }
}
