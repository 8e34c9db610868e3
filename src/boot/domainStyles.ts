/**
 * Each domain's own styles (src/domains/<name>/styles.css), found by the folder convention. Kept in
 * a module of its own and imported after src/styles.css: the glob's imports go to the top of the
 * module that holds it, and the platform's rules must load first and the phone layout last (src/styles.css
 * says why).
 */
import.meta.glob('../domains/*/styles.css', { eager: true });
