// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon alone: {@code curl --unix-socket SOCK -d REQUEST http://pontoon/v1/cni/add} (and
 * {@code /del}) with the request pontoon-cni would send, so the JVM exec is replaced by a curl
 * exec. Shows what a native shim in front of the same daemon could reach.
 */
record CniCurl(Path socket, String network) implements CniPod.Kind
{
    private String body(final String id, final String ns, final int hostPort)
    {
        return "{\"ContainerId\":\"" + id + "\",\"Netns\":\"/run/netns/" + ns + "\",\"IfName\":\"eth0\",\"Network\":\"" + network
            + "\",\"Args\":{},\"PortMappings\":[{\"hostPort\":" + hostPort + ",\"containerPort\":80,\"protocol\":\"tcp\"}],\"Ips\":[]}";
    }

    private void post(final String path, final String body, final Path log)
    {
        CniProcs.ok(List.of("curl", "-sS", "--fail-with-body", "--unix-socket", socket.toString(), "-H",
            "Content-Type: application/json", "-d", body, "-o", "/dev/null", "http://pontoon" + path), List.of(), "", log);
    }

    @Override
    public String add(final String id, final String ns, final int hostPort, final Path log)
    {
        post("/v1/cni/add", body(id, ns, hostPort), log);
        return "";
    }

    @Override
    public void del(final String id, final String ns, final int hostPort, final String cached, final Path log)
    {
        post("/v1/cni/del", body(id, ns, hostPort), log);
    }
}
