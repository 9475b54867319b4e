/**
 * The SMTP inbox and the Twilio sandbox as a standalone process, for docker compose (the local stack starts them
 * in-process). Configured by SMTP_PORT, SMTP_HTTP_PORT, TWILIO_SANDBOX_PORT, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
 */
import { SmtpInbox, TwilioSandbox } from '@prespond/sandbox';

async function main(): Promise<void> {
  const env = process.env;
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) throw new Error('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required');
  const smtp = await SmtpInbox.start({ smtpPort: Number(env.SMTP_PORT ?? 1025), httpPort: Number(env.SMTP_HTTP_PORT ?? 1080), host: env.HOST });
  const twilio = await TwilioSandbox.start({
    port: Number(env.TWILIO_SANDBOX_PORT ?? 3090),
    host: env.HOST,
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
  });
  console.log(`SMTP inbox on ${smtp.smtpPort} (captured: http :${smtp.httpPort}/messages); Twilio sandbox on ${twilio.port}`);
  const stop = async () => {
    await twilio.stop();
    await smtp.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
