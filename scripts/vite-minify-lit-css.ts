/**
 * A Vite plugin that minifies the CSS inside Lit's css`…` templates with esbuild's CSS
 * minifier: Vite minifies the JavaScript around them but leaves template text as written,
 * comments and indentation included — a tenth of the widget's bundle.
 */
import { transformSync } from 'esbuild';

/** css`…` with no `${}` inside: the only form the widget's stylesheets use. */
const CSS_TEMPLATE = /\bcss`([^`$\\]*)`/g;

export function minifyLitCss(include: RegExp) {
  return {
    name: 'parley-minify-lit-css',
    apply: 'build' as const,
    transform(code: string, id: string) {
      if (!include.test(id)) return null;
      const minified = code.replace(CSS_TEMPLATE, (_, text: string) => {
        const css = transformSync(text, { loader: 'css', minify: true }).code.trim();
        if (css.includes('`') || css.includes('${') || css.includes('\\')) throw new Error(`minifyLitCss: ${id} minified into a character a template literal cannot hold`);
        return `css\`${css}\``;
      });
      return { code: minified, map: null };
    },
  };
}
