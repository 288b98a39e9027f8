// The production transports, loaded on demand so a dry run never loads nodemailer (or the Graph
// client), and each road loads only its own adapter.
import type { TransportFactory } from './port.js';

export const createTransport: TransportFactory = async (settings, io) => {
  if (settings.kind === 'graph') {
    const { GraphTransport } = await import('../graph/transport.js');
    return new GraphTransport(settings, io);
  }
  const { SmtpTransport } = await import('../smtp/transport.js');
  return new SmtpTransport(settings, io);
};
