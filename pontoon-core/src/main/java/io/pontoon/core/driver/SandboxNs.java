// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver;

import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;

/** A sandbox's namespace as drivers see it: the handle and a netlink socket opened inside it. */
public record SandboxNs(String sandboxId, NetNs ns, Rtnl rtnl)
{
}
