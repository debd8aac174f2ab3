import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const conversationsRoutes = new Hono<AppEnv>();
