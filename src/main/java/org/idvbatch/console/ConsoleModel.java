package org.idvbatch.console;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: who is signed in and with which roles (the navigation shows what they may open). */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@ConditionalOnWebApplication
class ConsoleModel {

    @ModelAttribute("user")
    String user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName()) ? null : a.getName();
    }

    @ModelAttribute("roles")
    Set<String> roles() {
        Set<String> roles = new TreeSet<>();
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null) {
            for (GrantedAuthority g : a.getAuthorities()) {
                if (g.getAuthority() != null && g.getAuthority().startsWith("ROLE_")) {
                    roles.add(g.getAuthority().substring(5));
                }
            }
        }
        return roles;
    }
}
