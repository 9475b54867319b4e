import { readFileSync } from 'node:fs';
import { DOCUMENTED_SERVICES, documentPath, serviceDocument, typesFromDocument, typesPath } from '../../../../../deploy/openapi';

/** Fails with what to do first, then jest's diff. */
function expectUpToDate<T>(actual: T, committed: T, file: string): void {
  try {
    expect(actual).toEqual(committed);
  } catch (error) {
    throw new Error(`${file} has drifted from the code: run \`npm run openapi\` and commit what it writes.\n\n${(error as Error).message}`);
  }
}

// The console's client types come from these files; a route, DTO or decorator changed without regenerating them
// would let the console compile against an API that no longer exists.
// openapi-typescript runs as a child process per document: started together, they take the time of one.
const types = new Map<string, Promise<string>>();
beforeAll(() => {
  for (const service of DOCUMENTED_SERVICES) types.set(service, typesFromDocument(documentPath(service)));
});

describe.each(DOCUMENTED_SERVICES)('%s: the committed OpenAPI document and types', (service) => {
  it('the document is the one the service serves (built from its app in preview mode)', async () => {
    const committed = JSON.parse(readFileSync(documentPath(service), 'utf8'));
    expectUpToDate(await serviceDocument(service), committed, `libs/contracts/src/http/openapi/${service}.json`);
  });

  it('the types are what openapi-typescript makes of the document', async () => {
    expectUpToDate(await types.get(service), readFileSync(typesPath(service), 'utf8'), `libs/contracts/src/http/openapi/${service}.ts`);
  });
});
