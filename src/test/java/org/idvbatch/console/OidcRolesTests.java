package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** An OIDC sign-in's console roles come from the ID token's {@code roles} claim; unknown names give nothing. */
class OidcRolesTests {

    @Test
    void knownRolesInTheClaimBecomeConsoleRolesAndOthersAreIgnored() {
        assertThat(roles(Map.of("sub", "alice", "roles", List.of("FINANCE", "COMPLIANCE", "ADMIN"))))
                .containsExactlyInAnyOrder("ROLE_FINANCE", "ROLE_COMPLIANCE");
    }

    @Test
    void aTokenNamingNoConsoleRoleReadsAsViewer() {
        assertThat(roles(Map.of("sub", "bob"))).containsExactly("ROLE_VIEWER");
        assertThat(roles(Map.of("sub", "carol", "roles", List.of("operator")))).as("names are exact")
                .containsExactly("ROLE_VIEWER");
    }

    private static List<String> roles(Map<String, Object> claims) {
        OidcIdToken token = new OidcIdToken("token", Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T01:00:00Z"), claims);
        return ConsoleSecurityConfiguration.rolesFromClaim(List.of(new OidcUserAuthority(token))).stream()
                .map(GrantedAuthority::getAuthority).toList();
    }
}
