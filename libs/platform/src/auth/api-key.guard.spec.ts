import { Controller, Get, INestApplication, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Actor, Public, Roles } from './access.decorators';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRing, parseApiKeys, Principal } from './api-keys';

const keys = { ops: 'o'.repeat(24), marketing: 'm'.repeat(24), admin: 'a'.repeat(24), console: 'c'.repeat(24) };

@Controller('incidents')
@Roles('ops')
class OpsController {
  @Post()
  declare(@Actor() actor: Principal) {
    return { declaredBy: actor };
  }

  @Get()
  @Roles('ops', 'marketing')
  list() {
    return [];
  }
}

@Controller()
class OtherController {
  @Get('hold-message')
  @Public()
  hold() {
    return { text: 'All is well.' };
  }

  /** Neither @Roles nor @Public: admin only. */
  @Get('forgotten')
  forgotten() {
    return { ok: true };
  }
}

describe('ApiKeyGuard', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const ring = new ApiKeyRing(parseApiKeys(`alice:ops:${keys.ops},mia:marketing:${keys.marketing},root:admin:${keys.admin},web:console:${keys.console}`));
    const moduleRef = await Test.createTestingModule({
      controllers: [OpsController, OtherController],
      providers: [{ provide: ApiKeyRing, useValue: ring }, { provide: APP_GUARD, useClass: ApiKeyGuard }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it('answers 401 with WWW-Authenticate and JSON without a key or with an unknown one', async () => {
    const none = await http().post('/incidents').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="prespond"');
    expect(none.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/API key is required/) });
    const unknown = await http().post('/incidents').set(bearer('x'.repeat(24))).expect(401);
    expect(unknown.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(unknown.body.message).toBe('unknown API key');
    await http().post('/incidents').set('authorization', `Basic ${keys.ops}`).expect(401);
  });

  it('answers 403 with JSON to a known key of the wrong role', async () => {
    const refused = await http().post('/incidents').set(bearer(keys.marketing)).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'mia has the role marketing; this needs ops or admin' });
  });

  it('lets the right role through, by Authorization or X-Api-Key, and hands the handler its principal', async () => {
    expect((await http().post('/incidents').set(bearer(keys.ops)).expect(201)).body).toEqual({ declaredBy: { name: 'alice', role: 'ops' } });
    expect((await http().post('/incidents').set('x-api-key', keys.ops).expect(201)).body.declaredBy.name).toBe('alice');
    await http().get('/incidents').set(bearer(keys.marketing)).expect(200);
  });

  it('lets admin do everything, including routes without @Roles, which nobody else may call', async () => {
    expect((await http().post('/incidents').set(bearer(keys.admin)).expect(201)).body.declaredBy).toEqual({ name: 'root', role: 'admin' });
    await http().get('/forgotten').set(bearer(keys.admin)).expect(200);
    await http().get('/forgotten').set(bearer(keys.ops)).expect(403);
    await http().get('/forgotten').expect(401);
  });

  it('needs no key on a @Public route', async () => {
    expect((await http().get('/hold-message').expect(200)).body).toEqual({ text: 'All is well.' });
  });

  describe('a console key', () => {
    const actingFor = (name: string, role: string) => ({ ...bearer(keys.console), 'x-acting-for': name, 'x-acting-role': role });

    it('acts for the person it names, with their role, and says it came through the console', async () => {
      const declared = await http().post('/incidents').set(actingFor('dana@example.com', 'ops')).expect(201);
      expect(declared.body.declaredBy).toEqual({ name: 'dana@example.com', role: 'ops', via: 'web' });
    });

    it("is refused what the named person's role may not do", async () => {
      const refused = await http().post('/incidents').set(actingFor('max@example.com', 'marketing')).expect(403);
      expect(refused.body.message).toBe('max@example.com has the role marketing; this needs ops or admin');
      await http().get('/forgotten').set(actingFor('dana@example.com', 'ops')).expect(403);
      await http().get('/forgotten').set(actingFor('root@example.com', 'admin')).expect(200);
    });

    it('does nothing by itself, nor for a role that does not exist or a name that is not printable', async () => {
      for (const headers of [bearer(keys.console), actingFor('dana@example.com', 'console'), actingFor('dana@example.com', 'root'), actingFor(' ', 'ops'), { ...bearer(keys.console), 'x-acting-role': 'admin' }]) {
        const refused = await http().get('/incidents').set(headers).expect(403);
        expect(refused.body.message).toMatch(/web is a console key: it acts only for a person, named in X-Acting-For/);
      }
      await http().get('/incidents').set(actingFor('x'.repeat(255), 'ops')).expect(403);
    });

    it("cannot be imitated with a person's own key", async () => {
      const refused = await http().post('/incidents').set({ ...bearer(keys.ops), 'x-acting-for': 'root@example.com', 'x-acting-role': 'admin' }).expect(403);
      expect(refused.body.message).toBe("alice's key is a person's own: only a console key may act for someone (X-Acting-For)");
    });
  });
});
