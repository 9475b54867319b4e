/**
 * Inspect and replay dead-lettered events.
 *
 *   npm run dlq -- list <topic>      every event in <topic>.dlq: where it came from, why, whether replayed
 *   npm run dlq -- replay <topic>    send the not-yet-replayed ones back to <topic> (after the fix is deployed)
 *
 * KAFKA_BROKERS (default 127.0.0.1:9092) says where the broker is. Topics: incident.changed, notification.requested.
 */
import { Topics } from '@prespond/contracts';
import { createKafka, listDeadLetters, replayDeadLetters } from '@prespond/kafka';

async function main(): Promise<void> {
  const [command, topic] = process.argv.slice(2);
  const known = Object.values(Topics) as string[];
  if (!['list', 'replay'].includes(command) || !known.includes(topic)) {
    console.error(`usage: npm run dlq -- list|replay <topic>\n  topics: ${known.join(', ')}`);
    process.exit(2);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka({ brokers, clientId: 'prespond-dlq' });
  if (command === 'list') {
    const letters = await listDeadLetters(kafka, topic);
    for (const l of letters) {
      console.log(`${l.partition}/${l.offset}  ${l.replayed ? 'replayed' : 'waiting '}  ${l.at}  key=${l.key}  from ${l.originalTopic}@${l.originalOffset} (${l.service})\n    ${l.reason}`);
    }
    console.log(`${letters.length} dead-lettered, ${letters.filter((l) => !l.replayed).length} waiting for replay`);
  } else {
    console.log(`replayed ${await replayDeadLetters(kafka, topic)} event(s) to ${topic}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
