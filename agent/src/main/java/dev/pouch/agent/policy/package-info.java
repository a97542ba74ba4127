/**
 * The 3-2-1 policy: at least three copies of the data counting the live data, on at least two distinct media, at
 * least one of them offsite. The primary repository and each copy target are described by a {@link
 * dev.pouch.agent.policy.CopyTarget} (URL, medium, site); a repository counts as a copy once it holds a snapshot
 * (and, with a maximum lag, a recent enough one). Media are counted over the repositories only, not the live data:
 * the rule's point is that one kind of failure (a provider, a disk array) cannot take every backup. {@link
 * dev.pouch.agent.policy.PolicyEvaluator} is pure and knows nothing of the CLI, so the sidecar's config can feed it
 * too; {@link dev.pouch.agent.policy.CopyObserver} gathers what it needs from repositories.
 */
package dev.pouch.agent.policy;
