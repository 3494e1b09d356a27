import { authedProcedure, router } from '../trpc/init';
import { bookingByIdInputSchema, bookingByRefInputSchema } from './bookings.dto';
import { getBooking, getBookingByRef } from './bookings.service';

/**
 * | procedure | who                                             |
 * | --------- | ----------------------------------------------- |
 * | get       | every signed-in role (ID numbers stay masked)   |
 * | byRef     | every signed-in role                            |
 */
export const bookingsRouter = router({
  get: authedProcedure.input(bookingByIdInputSchema).query(({ input }) => getBooking(input.id)),
  byRef: authedProcedure.input(bookingByRefInputSchema).query(({ input }) => getBookingByRef(input.ref)),
});
