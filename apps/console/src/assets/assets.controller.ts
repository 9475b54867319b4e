import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Anonymous } from '../sessions/access';

/** Where the console's own assets are: beside the sources, or beside the bundle when built (nest-cli assets). */
function assetsDir(): string {
  const candidates = [__dirname, join(__dirname, 'assets')];
  return candidates.find((dir) => existsSync(join(dir, 'console.css'))) ?? candidates[0];
}

/** Node's own resolution (a bundler's `require.resolve` would answer a module id, not a path). */
const resolveModule = (id: string) => createRequire(__filename).resolve(id);

/**
 * Every script and style the pages use, served by the console itself (nothing from a CDN, so it works on an
 * isolated network): its own files, and Chart.js from its npm package.
 */
const FILES: Record<string, { path: () => string; type: string }> = {
  'console.css': { path: () => join(assetsDir(), 'console.css'), type: 'text/css; charset=utf-8' },
  'console.js': { path: () => join(assetsDir(), 'console.js'), type: 'text/javascript; charset=utf-8' },
  'chart.umd.min.js': { path: () => join(dirname(resolveModule('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly resolved = new Map(Object.entries(FILES).map(([name, file]) => [name, { path: file.path(), type: file.type }]));

  @Get(':file')
  @Anonymous()
  serve(@Param('file') file: string, @Res() response: Response): void {
    const found = this.resolved.get(file);
    if (!found) throw new NotFoundException();
    // Short-lived caching: a new release's files are fetched within minutes, and revalidated cheaply (ETag).
    response.sendFile(found.path, { headers: { 'content-type': found.type, 'cache-control': 'public, max-age=300' } });
  }
}
