import { ApiProperty } from '@nestjs/swagger';

export class SessionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Whether this is the session making the request.' })
  current: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'Chrome 131' })
  browser: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Windows' })
  system: string | null;

  @ApiProperty({ type: String, nullable: true })
  ipAddress: string | null;

  @ApiProperty()
  signedInAt: string;

  @ApiProperty()
  lastActiveAt: string;
}

export class EndedSessionsDto {
  @ApiProperty({ example: 2 })
  ended: number;
}
