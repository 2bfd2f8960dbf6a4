/**
 * Teams, projects, members, virtual keys, their access rules, limits and budgets, and the audit log: the records,
 * the pure decisions over them (who may do what, whether a request is admitted) and the ports the store
 * implements ({@link dev.parley.core.tenancy.TenancyStore}, {@link dev.parley.core.tenancy.AuditLog}). No I/O.
 */
package dev.parley.core.tenancy;
