/**
 * Providers and models created through the admin API, as the store keeps them: {@link
 * dev.parley.core.catalog.StoredProvider} (its keys sealed by {@link dev.parley.core.secrets.SecretBox}, never in
 * plaintext), {@link dev.parley.core.catalog.StoredModel}, and the port the store implements, {@link
 * dev.parley.core.catalog.CatalogStore}. The nested settings (timeouts, routes, retries) are JSON texts in the shape
 * the configuration file gives them, so that the server validates a stored catalog exactly as it validates the file.
 * No I/O.
 */
package dev.parley.core.catalog;
