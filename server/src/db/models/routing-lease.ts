import mongoose, { Schema } from 'mongoose';

/**
 * Which router instance routes a queue for now. Leases spread the queues over the server
 * processes so two routers do not race for the same contacts; the offer and capacity writes stay
 * guarded, so a lease that runs out mid-run costs a lost race, never a double offer.
 */
const routingLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'routing_leases', versionKey: false },
);

export const RoutingLeaseModel = mongoose.model('RoutingLease', routingLeaseSchema);
