/**
 * Secrets Parley keeps for others: {@link dev.parley.core.secrets.SecretBox} seals provider keys under the server
 * secret before they reach the store and opens them when the catalog is built. No I/O.
 */
package dev.parley.core.secrets;
