// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PodmanCniIT} with {@code pontoon-cni-fast} (the curl front end, /v1/cni/exec) as the plugin. */
@Privileged
@LabHosts(count = 2)
@ExtendWith(UseFastPlugin.class)
class PodmanCniFastIT extends PodmanCniIT
{
}
