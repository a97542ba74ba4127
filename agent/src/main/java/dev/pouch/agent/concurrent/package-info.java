/** Small pieces shared by the agent's background workers. */
package dev.pouch.agent.concurrent;
