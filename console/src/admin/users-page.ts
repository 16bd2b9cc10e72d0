/**
 * `<pc-users-page>` (admin): the workspace's people with their role and last sign-in;
 * invite by e-mail (the answer's one-time link is shown to pass on), change a role,
 * remove a user. The server refuses to leave the workspace without an admin (409
 * `last_admin`); its message is shown as it is.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import { ROLES, type Role } from '../api/auth-session.ts';
import { inviteSchema, userListSchema, type WorkspaceUser } from './admin-schemas.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime } from '../ui/format.ts';

export class UsersPage extends LitElement {
  static override styles = [baseStyles];
  static override properties = { ctx: { attribute: false }, users: { state: true }, problem: { state: true }, invited: { state: true } };

  declare ctx: ConsoleContext | undefined;
  declare users: WorkspaceUser[] | undefined;
  declare problem: string | null;
  /** The last invite's link, shown once to be passed on. */
  declare invited: { email: string; url: string } | null;

  constructor() {
    super();
    this.problem = null;
    this.invited = null;
  }

  /** Loads once the shell has handed over the context (set before this element's code was loaded). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.load();
  }

  private async load() {
    if (!this.ctx) return;
    try {
      this.users = (await this.ctx.http.get('/v1/users', userListSchema)).data;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    return html`
      <h1>Users</h1>
      <form class="card row invite" @submit=${this.invite}>
        <div class="field"><label for="email">E-mail</label><input id="email" name="email" type="email" required /></div>
        <div class="field"><label for="role">Role</label>${this.roleSelect('role', 'builder')}</div>
        <button type="submit" class="primary">Invite</button>
      </form>
      ${this.invited
        ? html`<div class="card" role="status"><p>Invited <strong>${this.invited.email}</strong>. Send them this one-time link (valid 72 hours):</p>
            <p><code class="link">${this.invited.url}</code></p></div>`
        : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.users
        ? html`<table>
            <caption class="visually-hidden">Users of this workspace</caption>
            <thead><tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Last sign-in</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${this.users.map(
              (u) => html`<tr>
                <td>${u.email}${String(u.id) === String(this.ctx?.user.id) ? html` <span class="badge">you</span>` : nothing}</td>
                <td><label class="visually-hidden" for=${`role-${u.id}`}>Role of ${u.email}</label>${this.roleSelect(`role-${u.id}`, u.role, (role) => void this.changeRole(u, role))}</td>
                <td>${u.status}</td>
                <td>${formatTime(u.last_sign_in_at)}</td>
                <td><button type="button" class="small danger" @click=${() => void this.removeUser(u)}>Remove ${u.email}</button></td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted" role="status">Loading users…</p>`}
    `;
  }

  private roleSelect(id: string, value: Role, change?: (role: Role) => void) {
    return html`<select id=${id} name=${id} @change=${(e: Event) => change?.((e.target as HTMLSelectElement).value as Role)}>
      ${ROLES.map((role) => html`<option value=${role} ?selected=${role === value}>${role}</option>`)}
    </select>`;
  }

  private async invite(event: SubmitEvent) {
    event.preventDefault();
    if (!this.ctx) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    await this.act(async (ctx) => {
      const answer = await ctx.http.post('/v1/users', { email: String(data.get('email') ?? '').trim(), role: String(data.get('role')) }, inviteSchema);
      this.invited = { email: answer.user.email, url: answer.set_password_url };
      form.reset();
    });
  }

  private changeRole(user: WorkspaceUser, role: Role) {
    return this.act(async (ctx) => {
      await ctx.http.send('PATCH', `/v1/users/${encodeURIComponent(String(user.id))}`, { body: { role } });
      ctx.announce(`${user.email} is now ${role}`);
    });
  }

  private removeUser(user: WorkspaceUser) {
    if (!confirm(`Remove ${user.email}? Their sessions end at once.`)) return;
    return this.act(async (ctx) => {
      await ctx.http.write('DELETE', `/v1/users/${encodeURIComponent(String(user.id))}`);
      ctx.announce(`Removed ${user.email}`);
    });
  }

  private async act(work: (ctx: ConsoleContext) => Promise<void>) {
    if (!this.ctx) return;
    this.problem = null;
    try {
      await work(this.ctx);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.load();
  }
}

customElements.define('pc-users-page', UsersPage);
