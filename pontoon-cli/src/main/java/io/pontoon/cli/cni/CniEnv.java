// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pontoon.api.cni.CniCommand;
import io.pontoon.api.cni.CniErrorCode;

/**
 * The CNI_* environment of one invocation, checked the way the spec and the Go {@code skel}
 * library check it (missing or malformed variables are error 4, naming the variable).
 *
 * @param args  CNI_ARGS as a map, in order, without {@code IgnoreUnknown}
 * @param ips   addresses from CNI_ARGS {@code IP=} (comma-separated), validated on ADD/CHECK
 * @param mac   CNI_ARGS {@code MAC=}, or null
 */
record CniEnv(CniCommand command, String containerId, String netns, String ifName, Map<String, String> args,
              List<String> ips, String mac, String path)
{
    /** The command named by CNI_COMMAND. */
    static CniCommand command(final Map<String, String> env)
    {
        final String name = env.get("CNI_COMMAND");
        if (name == null || name.isEmpty())
        {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "required env variables [CNI_COMMAND] missing");
        }
        final CniCommand c = CniCommand.parse(name);
        if (c == null)
        {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "unknown CNI_COMMAND: " + name,
                "expected one of ADD, DEL, CHECK, VERSION, STATUS, GC");
        }
        return c;
    }

    /** Reads and checks the variables {@code command} needs. */
    static CniEnv parse(final CniCommand command, final Map<String, String> env)
    {
        final boolean attach = command == CniCommand.ADD || command == CniCommand.DEL || command == CniCommand.CHECK;
        final List<String> missing = new ArrayList<>();
        final String containerId = value(env, "CNI_CONTAINERID", attach, missing);
        final String netns = value(env, "CNI_NETNS", command == CniCommand.ADD || command == CniCommand.CHECK, missing);
        final String ifName = value(env, "CNI_IFNAME", attach, missing);
        if (!missing.isEmpty())
        {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT,
                "required env variables [" + String.join(",", missing) + "] missing");
        }
        if (attach && !CniChecks.isName(containerId))
        {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "invalid CNI_CONTAINERID '" + containerId
                + "': must start with a letter or digit, then letters, digits, '_', '.' or '-'");
        }
        if (attach)
        {
            final String problem = CniChecks.ifNameProblem(ifName);
            if (problem != null)
            {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "invalid CNI_IFNAME '" + ifName + "': " + problem);
            }
        }
        final boolean strict = command == CniCommand.ADD || command == CniCommand.CHECK;
        final Map<String, String> args = cniArgs(env.getOrDefault("CNI_ARGS", ""), strict);
        final List<String> ips = new ArrayList<>();
        final String ip = args.get("IP");
        if (ip != null && !ip.isEmpty())
        {
            for (final String a : ip.split(","))
            {
                final String t = a.trim();
                if (CniChecks.isIpOrCidr(t))
                {
                    ips.add(t);
                }
                else if (strict)
                {
                    throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "invalid CNI_ARGS IP '" + t
                        + "': not an IP address (10.1.2.3, 10.1.2.3/24, 2001:db8::5)");
                }
            }
        }
        String mac = args.get("MAC");
        if (mac != null && !CniChecks.isUnicastMac(mac))
        {
            if (strict)
            {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "invalid CNI_ARGS MAC '" + mac
                    + "': not a unicast MAC (c2:11:22:33:44:55)");
            }
            mac = null;
        }
        return new CniEnv(command, containerId, netns == null ? "" : netns, ifName, args, ips, mac,
            env.get("CNI_PATH"));
    }

    /** {@code K=V;K=V}; values may contain '='; IgnoreUnknown is dropped (unknown keys are always ignored). */
    static Map<String, String> cniArgs(final String text, final boolean strict)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String pair : text.split(";"))
        {
            if (pair.isEmpty())
            {
                continue;
            }
            final int eq = pair.indexOf('=');
            if (eq <= 0)
            {
                if (strict)
                {
                    throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, "invalid CNI_ARGS pair '" + pair
                        + "': expected KEY=VALUE separated by ';'");
                }
                continue;
            }
            final String key = pair.substring(0, eq);
            if (!key.equals("IgnoreUnknown"))
            {
                out.put(key, pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String value(final Map<String, String> env, final String name, final boolean required,
        final List<String> missing)
    {
        final String v = env.get(name);
        if ((v == null || v.isEmpty()) && required)
        {
            missing.add(name);
        }
        return v;
    }
}
