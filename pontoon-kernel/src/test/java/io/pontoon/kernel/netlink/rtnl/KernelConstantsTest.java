// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.netlink.NetlinkSocket;
import io.pontoon.kernel.netlink.NlMsg;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compiles a C program that prints every constant the Java side hard-codes, using the uapi and
 * libc headers, and compares. A Java field that has no C counterpart fails the compile, so a
 * constant cannot be added here without being checked.
 */
class KernelConstantsTest
{
    private static final String HEADERS = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <fcntl.h>
        #include <sched.h>
        #include <sys/mount.h>
        #include <sys/socket.h>
        #include <linux/netlink.h>
        #include <linux/rtnetlink.h>
        #include <linux/if_link.h>
        #include <linux/if_addr.h>
        #include <linux/neighbour.h>
        #include <linux/veth.h>
        #include <linux/if.h>
        #include <linux/if_tun.h>
        #include <linux/sockios.h>
        """;

    @Test
    void javaConstantsMatchTheKernelHeaders(@TempDir final Path dir) throws Exception
    {
        assumeTrue(onPath("gcc"), "gcc is not installed");
        final Map<String, Long> java = new LinkedHashMap<>();
        collect(RtConst.class, n -> !n.endsWith("_SIZE"), java);
        collect(NlMsg.class, n -> n.startsWith("NLM") || n.startsWith("NLA_"), java);
        collect(NetlinkSocket.class, n -> n.startsWith("NETLINK_"), java);
        collect(Libc.class, n -> true, java);
        java.put("sizeof(struct ifinfomsg)", (long) RtConst.IFINFOMSG_SIZE);
        java.put("sizeof(struct ifaddrmsg)", (long) RtConst.IFADDRMSG_SIZE);
        java.put("sizeof(struct rtmsg)", (long) RtConst.RTMSG_SIZE);
        java.put("sizeof(struct ndmsg)", (long) RtConst.NDMSG_SIZE);
        java.put("sizeof(struct nlmsghdr)", (long) NlMsg.HDRLEN);
        assertTrue(java.size() > 100, "expected to check well over 100 constants, got " + java.size());

        final StringBuilder c = new StringBuilder(HEADERS).append("int main(void)\n{\n");
        for (final String name : java.keySet())
        {
            c.append("    printf(\"%s=%lld\\n\", \"").append(name).append("\", (long long) (").append(name).append("));\n");
        }
        c.append("    return 0;\n}\n");
        final Path src = dir.resolve("constants.c");
        final Path exe = dir.resolve("constants");
        Files.writeString(src, c);
        final Out compiled = exec(List.of("gcc", "-Wall", "-o", exe.toString(), src.toString()));
        assertEquals(0, compiled.exit(), "gcc failed (a Java constant without a C counterpart?):\n" + compiled.text());
        final Out ran = exec(List.of(exe.toString()));
        assertEquals(0, ran.exit(), ran.text());

        final Map<String, Long> fromC = new LinkedHashMap<>();
        for (final String line : ran.text().split("\n"))
        {
            final int eq = line.lastIndexOf('=');
            fromC.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        final List<String> wrong = new ArrayList<>();
        java.forEach((name, value) ->
        {
            if (!value.equals(fromC.get(name)))
            {
                wrong.add(name + ": Java " + value + ", C " + fromC.get(name));
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static void collect(final Class<?> type, final Predicate<String> include, final Map<String, Long> out)
        throws IllegalAccessException
    {
        for (final Field f : type.getDeclaredFields())
        {
            final int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && Modifier.isPublic(mod)
                && (f.getType() == int.class || f.getType() == long.class) && include.test(f.getName()))
            {
                out.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
    }

    private static boolean onPath(final String tool)
    {
        for (final String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(d, tool)))
            {
                return true;
            }
        }
        return false;
    }

    private static Out exec(final List<String> cmd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Out(p.exitValue(), text);
    }

    private record Out(int exit, String text)
    {
    }
}
