/**
 * The agent's `widget.theme`, applied beneath the page's own CSS: it sets private
 * `--_agent-*` properties that the stylesheet reads only when the page sets no
 * `--parley-*` property. Values go through CSSOM `setProperty`, which strict CSP
 * allows and which cannot inject other rules.
 */
import { noChange, nothing } from 'lit';
import { Directive, directive, type DirectiveParameters, type ElementPart } from 'lit/directive.js';
import type { WidgetConfig } from './types.ts';

type Theme = WidgetConfig['theme'] | undefined;

/**
 * Binds the agent theme to an element: `<div ${agentTheme(config?.theme)}>`. The
 * properties are worked out and set only when the theme changes, not on every render,
 * and a previous agent's are removed. Lit's `styleMap` would not do: its first render
 * writes a `style` attribute, which a strict CSP refuses.
 */
class AgentThemeDirective extends Directive {
  private theme: Theme;
  private names: string[] = [];

  render(_theme: Theme): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [theme]: DirectiveParameters<this>): typeof noChange {
    const { element } = part;
    if (theme === this.theme || !(element instanceof HTMLElement)) return noChange;
    this.theme = theme;
    for (const name of this.names) element.style.removeProperty(name);
    const properties = themeProperties(theme);
    for (const [name, value] of properties) element.style.setProperty(name, value);
    this.names = properties.map(([name]) => name);
    return noChange;
  }
}

export const agentTheme = directive(AgentThemeDirective);

function themeProperties(theme: Theme): [string, string][] {
  const properties: [string, string][] = [];
  if (!theme) return properties;
  if (theme.accent && supports('color', theme.accent)) {
    properties.push(['--_agent-accent', theme.accent]);
    const text = readableTextOn(theme.accent);
    if (text) properties.push(['--_agent-on-accent', text]);
  }
  if (theme.font && supports('font-family', theme.font)) properties.push(['--_agent-font', theme.font]);
  if (theme.radius && supports('border-radius', theme.radius)) properties.push(['--_agent-radius', theme.radius]);
  return properties;
}

function supports(property: string, value: string): boolean {
  return typeof CSS === 'undefined' || typeof CSS.supports !== 'function' || CSS.supports(property, value);
}

/**
 * Black or white, whichever contrasts more with a hex accent (WCAG relative
 * luminance); null for other color syntaxes, which keep the default white.
 */
export function readableTextOn(color: string): string | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#111111';
}
