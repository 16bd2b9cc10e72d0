/**
 * JUnit XML for CI systems (GitHub Actions reporters, GitLab, Jenkins): one testsuite per
 * agent, one testcase per test; a failed run is a `<failure>`, an unjudged or timed-out
 * one an `<error>`, each with the rationale or reason as its message. Suite-wide figures
 * (the suite's workflow coverage) go in the suite's `<properties>`, where CI reporters show them.
 */

export interface JUnitCase {
  name: string;
  classname: string;
  seconds: number;
  outcome: 'passed' | 'failed' | 'error';
  message?: string;
}

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function propertiesXml(properties: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(properties);
  if (entries.length === 0) return [];
  return ['    <properties>', ...entries.map(([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`), '    </properties>'];
}

/**
 * @example junitReport('agent_1a2b3c4d', [{ name: 'greets', classname: 'agent_1a2b3c4d.reply', seconds: 1.2, outcome: 'passed' }], { 'parley.coverage.nodes': '0.75' })
 */
export function junitReport(suite: string, cases: readonly JUnitCase[], properties: Readonly<Record<string, string>> = {}): string {
  const count = (outcome: JUnitCase['outcome']) => cases.filter((c) => c.outcome === outcome).length;
  const time = cases.reduce((sum, c) => sum + c.seconds, 0).toFixed(3);
  const totals = `tests="${cases.length}" failures="${count('failed')}" errors="${count('error')}" time="${time}"`;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${c.seconds.toFixed(3)}"`;
    if (c.outcome === 'passed') return `${open}/>`;
    const tag = c.outcome === 'failed' ? 'failure' : 'error';
    const message = escapeXml(c.message ?? '');
    return `${open}>\n      <${tag} message="${message}">${message}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parley" ${totals}>`,
    `  <testsuite name="${escapeXml(suite)}" ${totals}>`,
    ...propertiesXml(properties),
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
