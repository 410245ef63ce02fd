/**
 * Daemon health for Spring Boot Actuator: besides Boot's own {@code db} check, whether every configured
 * provider account's endpoint answers a TCP connect (no request, so no credential ever leaves) and whether
 * the evidence archive can take objects (root writable, key-encryption key loaded). Served on the daemon's
 * management port at {@code /actuator/health}.
 */
package org.idvbatch.health;
