/**
 * Integration and browser tests read MONGODB_URI like the product does; with none set they start a
 * real mongod through mongodb-memory-server (which downloads it on first use).
 */
import type { TestProject } from 'vitest/node';

let stop: (() => Promise<void>) | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create();
    uri = server.getUri();
    stop = async () => {
      await server.stop();
    };
  }
  project.provide('mongodbUri', uri);
  return async () => {
    await stop?.();
  };
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- vitest's ProvidedContext is extended by declaration merging, which only an interface can do.
  export interface ProvidedContext {
    mongodbUri: string;
  }
}
