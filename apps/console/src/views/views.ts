import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StaffAccount } from '../accounts/staff-account';
import { ConsoleSession } from '../sessions/session.service';
import { fill } from './fill';
import { LAYOUT_TEXT, NAVIGATION } from './layout.text';

/** Where the templates are: the source tree when run from src, beside the bundle when built (nest-cli assets). */
function templatesRoot(): string {
  const candidates = [join(__dirname, '..'), __dirname];
  return candidates.find((dir) => existsSync(join(dir, 'views', 'layout.hbs'))) ?? candidates[0];
}

function* hbsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* hbsFiles(path);
    else if (entry.endsWith('.hbs')) yield path;
  }
}

/** A problem with one field of a form: shown in the summary at the top (linked to the field) and at the field. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** What every page gets besides its own data. */
export interface PageContext {
  title: string;
  /** The page's words (its `*.text.ts`). */
  t: unknown;
  /** Problems with the submitted form, if any. */
  errors?: FieldProblem[];
  /** A one-line confirmation after a change ("Invitation made"). */
  notice?: string;
  [key: string]: unknown;
}

/**
 * Server-rendered pages from the `.hbs` files beside each area's code (`people/people.hbs` is the page
 * 'people/people'), inside `views/layout.hbs`. Pages work without JavaScript; `assets/console.js` enhances them.
 * Handlebars escapes every value; one instance of its own, so helpers never leak.
 */
@Injectable()
export class Views {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const dir = templatesRoot();
    // Handlebars indents every line a partial outputs by the indentation of its call, values included: a textarea's
    // second line would gain spaces at each re-render (and be saved with them). preventIndent keeps values as they are.
    const options = { strict: false, preventIndent: true };
    for (const file of hbsFiles(dir)) {
      const name = relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      if (name.startsWith('views/partials/')) this.hbs.registerPartial(name.slice('views/partials/'.length), this.hbs.compile(source, options));
      else if (name === 'views/layout') this.hbs.registerPartial('layout', this.hbs.compile(source, options));
      else this.pages.set(name, this.hbs.compile(source, options));
    }
    type Root = { fieldErrors?: Record<string, string>; values?: Record<string, unknown> };
    const root = (options: Handlebars.HelperOptions) => (options.data?.root ?? {}) as Root;
    this.hbs.registerHelper('errorOf', (field: string, options: Handlebars.HelperOptions) => root(options).fieldErrors?.[field] ?? '');
    this.hbs.registerHelper('valueOf', (field: string, options: Handlebars.HelperOptions) => {
      const value = root(options).values?.[field];
      return Array.isArray(value) ? value.join(', ') : (value ?? '');
    });
    this.hbs.registerHelper('describedBy', (field: string, hint: unknown, options: Handlebars.HelperOptions) =>
      [hint ? `${field}-hint` : '', root(options).fieldErrors?.[field] ? `${field}-error` : ''].filter(Boolean).join(' '),
    );
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('json', (value: unknown) => new Handlebars.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')));
    /** Fills `{{name}}` placeholders of a text with values (escaped by the caller's `{{ }}`). */
    this.hbs.registerHelper('fill', (text: string, options: Handlebars.HelperOptions) => fill(String(text), options.hash as Record<string, string | number | undefined>));
  }

  /** The HTML of page `name` for the person of this request. */
  page(request: { consoleSession?: ConsoleSession; path: string }, name: string, context: PageContext): string {
    return this.render(name, request.consoleSession, request.path, context);
  }

  /** The HTML of page `name` for this session's person. */
  render(name: string, session: ConsoleSession | undefined, path: string, context: PageContext): string {
    const page = this.pages.get(name);
    if (!page) throw new Error(`no page template ${name}.hbs`);
    const account = session?.account;
    return page({
      ...context,
      layout: LAYOUT_TEXT,
      person: account ? { name: account.name, email: account.email, role: account.role, roleLabel: LAYOUT_TEXT.roles[account.role] } : undefined,
      navigation: account ? this.navigation(account, path) : [],
      csrfToken: session?.csrfToken,
      // Ops pages warn of promises about to be broken, wherever the person is in the console.
      promiseAlerts: account ? account.role === 'ops' || account.role === 'admin' : false,
      fieldErrors: Object.fromEntries((context.errors ?? []).map((e) => [e.field, e.reason])),
    });
  }

  private navigation(account: StaffAccount, path: string) {
    return NAVIGATION.filter((item) => account.role === 'admin' || (item.roles as readonly string[]).includes(account.role)).map((item) => ({
      href: item.href,
      label: LAYOUT_TEXT.nav[item.key],
      current: path === item.href || path.startsWith(`${item.href}/`),
    }));
  }
}
