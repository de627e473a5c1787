/**
 * A user's queue member interfaces (MemberInterface rows): the names Asterisk gives the user's queue
 * memberships (`Local/1001@agents/n`, `PJSIP/1001`). A user may answer on several; one interface
 * belongs to one user. Every service that maps a member to a person reads them through here.
 */
import type { PrismaClient } from '../../db/generated/client.ts'

/** Prisma `select` fragment: the user's interfaces, oldest first (the first is the primary one). */
export const MEMBER_INTERFACES_SELECT = {
  memberInterfaces: { select: { interface: true }, orderBy: { createdAt: 'asc' } },
} as const

export function interfacesOf(user: { memberInterfaces: ReadonlyArray<{ interface: string }> }): string[] {
  return user.memberInterfaces.map((m) => m.interface)
}

/** Interface → user id, for active users only (a deactivated agent's calls are nobody's). */
export async function activeInterfaceOwners(
  prisma: Pick<PrismaClient, 'memberInterface'>,
  interfaces?: readonly string[],
): Promise<Map<string, number>> {
  const rows = await prisma.memberInterface.findMany({
    where: {
      user: { active: true },
      ...(interfaces === undefined ? {} : { interface: { in: [...interfaces] } }),
    },
    select: { interface: true, userId: true },
  })
  return new Map(rows.map((r) => [r.interface, r.userId]))
}
