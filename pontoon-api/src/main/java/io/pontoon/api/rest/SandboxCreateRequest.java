// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.List;
import java.util.Map;

import io.pontoon.api.PortSpec;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * {@code POST /v1/sandboxes} body: {@code {"Name", "Network", "IP", "Publish", "Command",
 * "Detach", "AutoRemove"}}. Everything is optional: Network defaults to "bridge"; Publish holds
 * {@link PortSpec} strings, each checked here; Detach=true needs a non-empty Command.
 */
public record SandboxCreateRequest(String name, String network, String ip, List<String> publish,
                                   List<String> command, boolean detach, boolean autoRemove)
{
    public static final String DEFAULT_NETWORK = "bridge";

    public SandboxCreateRequest
    {
        name = name == null || name.isEmpty() ? null : name;
        network = network == null || network.isEmpty() ? DEFAULT_NETWORK : network;
        ip = ip == null || ip.isEmpty() ? null : ip;
        publish = Fields.copy(publish);
        command = Fields.copy(command);
    }

    /** The parsed publish specs (they were checked by {@link #fromJson}; a hand-built record throws here). */
    public List<PortSpec> portSpecs()
    {
        return PortSpec.parseAll(publish);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Name", name);
        m.put("Network", network);
        m.put("IP", ip);
        m.put("Publish", publish);
        m.put("Command", command);
        m.put("Detach", detach);
        m.put("AutoRemove", autoRemove);
        return m;
    }

    public static SandboxCreateRequest fromJson(final JsonObject o)
    {
        final List<String> publish = o.strings("Publish");
        for (final String p : publish)
        {
            try
            {
                PortSpec.parse(p);
            }
            catch (final IllegalArgumentException e)
            {
                throw new JsonException("field 'Publish': " + e.getMessage());
            }
        }
        final List<String> command = o.strings("Command");
        final boolean detach = o.bool("Detach", false);
        if (detach && command.isEmpty())
        {
            throw new JsonException("field 'Command' is required when 'Detach' is true");
        }
        return new SandboxCreateRequest(Fields.optional(o, "Name"), Fields.optional(o, "Network"),
            Fields.optional(o, "IP"), publish, command, detach, o.bool("AutoRemove", false));
    }
}
