// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * A sandbox as the daemon reports it: {@code {"Id", "Name", "Mode", "NetnsPath", "State", "Pid",
 * "ExitCode", "Command", "Created", "Endpoints", "Ports"}}. NetnsPath is null in host mode; Pid is
 * 0 without a daemon-started process; ExitCode is null until that process has exited.
 */
public record SandboxView(String id, String name, String mode, String netnsPath, String state, long pid,
                          Integer exitCode, List<String> command, Instant created, List<EndpointView> endpoints,
                          List<PortView> ports)
{
    public static final String STATE_CREATED = "created";
    public static final String STATE_RUNNING = "running";
    public static final String STATE_EXITED = "exited";

    public SandboxView
    {
        command = Fields.copy(command);
        endpoints = Fields.copy(endpoints);
        ports = Fields.copy(ports);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Id", id);
        m.put("Name", name);
        m.put("Mode", mode);
        m.put("NetnsPath", netnsPath);
        m.put("State", state);
        m.put("Pid", pid);
        m.put("ExitCode", exitCode);
        m.put("Command", command);
        m.put("Created", created == null ? null : created.toString());
        m.put("Endpoints", Fields.maps(endpoints, EndpointView::toJson));
        m.put("Ports", Fields.maps(ports, PortView::toJson));
        return m;
    }

    public static SandboxView fromJson(final JsonObject o)
    {
        final long pid = o.integer("Pid", 0);
        if (pid < 0)
        {
            throw new JsonException("field 'Pid' must not be negative");
        }
        return new SandboxView(o.requireString("Id"), o.requireString("Name"), o.requireString("Mode"),
            Fields.optional(o, "NetnsPath"), o.requireString("State"), pid, Fields.nullableInt(o, "ExitCode"),
            o.strings("Command"), Fields.instant(o, "Created"), Fields.list(o, "Endpoints", EndpointView::fromJson),
            Fields.list(o, "Ports", PortView::fromJson));
    }
}
